#!/usr/bin/env python3
"""Checks Sources/Persistence/Seed/dti-frameworks.json, the digital-transformation (DTI)
frameworks and the digital-commune recognition criteria, and prints a summary.

Usage: python3 scripts/check_dti_frameworks.py [path/to/dti-frameworks.json]
Exit status 0 when the file passes, 1 when it has errors (all are listed), 2 when it cannot be read.

The rules mirror Sources/Domain/DTI/DTIFramework.swift and Sources/Domain/Scoring/ScoreRule.swift,
plus the shape of Thanh Hoa's Decision 3853/QD-UBND (2022) sets:
  - department set: group "department", 6 pillars, 41 sub-indices, 1,000 points;
  - commune set: group "commune", 8 pillars, 56 sub-indices, 1,000 points;
  - province set: group "province", 8 pillars, 44 sub-indices, 1,000 points, shaped like Decision 922/QĐ-BTTTT;
  - every pillar worth the sum of its sub-indices, codes unique ("1", "1.1", ...), points with
    at most two decimals;
  - source "platform": a known indicator, unit "percent", rule proportional or steps, no evidence;
    source "reported": indicator null;
  - rules: proportional (full > 0; at most 100 on percents), ratio (unit "ratio" and only there),
    steps (top step = maxPoints, points within 0..maxPoints), yesNo (unit "yesNo" and only there);
  - at least 5 platform indicators per framework (the ones listed in REQUIRED_INDICATORS);
  - recognition: refers to the commune framework; 8 to 12 criteria on existing sub-indices, the
    minimum in the sub-index's unit (yes/no: 1; percent and ratio: a percent, since the scoring
    keeps a ratio's value as numerator / denominator x 100);
  - every name and guidance non-empty in Vietnamese (with diacritics) and in English.
Standard library only.
"""

import json
import math
import os
import re
import sys
from collections import Counter

INDICATORS = {
    "onlineSubmissionRate", "onTimeRate", "onlinePaymentRate", "electronicResultRate",
    "digitisedDossierRate", "fieldReportsOnTimeRate", "activeOfficerShare",
}
UNITS = {"percent", "count", "yesNo", "ratio"}
RULE_KINDS = {"proportional", "ratio", "steps", "yesNo"}
SOURCES = {"reported", "platform"}
REQUIRED_INDICATORS = {
    "department": {"onlineSubmissionRate", "onTimeRate", "onlinePaymentRate", "electronicResultRate",
                   "activeOfficerShare"},
    "commune": {"onlineSubmissionRate", "onTimeRate", "onlinePaymentRate", "electronicResultRate",
                "activeOfficerShare", "digitisedDossierRate", "fieldReportsOnTimeRate"},
    "province": {"onlineSubmissionRate", "onTimeRate", "onlinePaymentRate", "electronicResultRate",
                 "activeOfficerShare", "digitisedDossierRate", "fieldReportsOnTimeRate"},
}
# group -> (code, pillars, sub-indices, total points)
SHAPES = {
    "department": ("DTI-SO-2026", 6, 41, 1000),
    "commune": ("DTI-XA-2026", 8, 56, 1000),
    "province": ("DTI-TINH-2026", 8, 44, 1000),
}
MIN_PLATFORM_INDICATORS = 5
CRITERIA_RANGE = (8, 12)

FRAMEWORK_KEYS = {"code", "version", "name", "nameEn", "group", "nodes"}
PILLAR_KEYS = {"code", "name", "nameEn", "maxPoints", "children"}
LEAF_KEYS = {"code", "name", "nameEn", "maxPoints", "source", "indicator", "unit", "evidenceRequired",
             "rule", "guidance", "guidanceEn"}
RECOGNITION_KEYS = {"code", "name", "nameEn", "framework", "minimumTotal", "criteria"}
CRITERION_KEYS = {"code", "name", "nameEn", "subIndex", "minValue"}

# Vietnamese letters outside ASCII: a text "with full diacritics" has some of them.
VIETNAMESE_MARKS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                              re.IGNORECASE)

DEFAULT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "Persistence",
                            "Seed", "dti-frameworks.json")


class Checker:
    def __init__(self):
        self.errors = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    # -- small checks ------------------------------------------------------------------------

    def keys(self, obj, allowed, required, where):
        if not isinstance(obj, dict):
            self.error(where, "expected an object")
            return False
        for key in sorted(set(obj) - allowed):
            self.error(where, f"unexpected key {key!r}")
        for key in sorted(required - set(obj)):
            self.error(where, f"missing key {key!r}")
        return True

    def number(self, value, where, what, positive=False, allow_zero=True):
        """A JSON number (not a boolean), finite, with at most two decimals."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.error(where, f"{what} must be a number, got {value!r}")
            return False
        if abs(value * 100 - round(value * 100)) > 1e-6:
            self.error(where, f"{what} {value} has more than two decimals")
        if positive and value <= 0:
            self.error(where, f"{what} must be positive, got {value}")
        elif not allow_zero and value == 0:
            self.error(where, f"{what} must not be 0")
        elif value < 0:
            self.error(where, f"{what} must not be negative, got {value}")
        return True

    def text(self, obj, key, where, vietnamese):
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(where, f"{key} must be a non-empty string")
            return
        if value != value.strip() or "  " in value:
            self.error(where, f"{key} has stray spaces")
        if vietnamese and not VIETNAMESE_MARKS.search(value):
            self.error(where, f"{key} has no Vietnamese diacritics: {value!r}")

    def bilingual(self, obj, where, base):
        self.text(obj, base, where, vietnamese=True)
        self.text(obj, base + "En", where, vietnamese=False)
        vi, en = obj.get(base), obj.get(base + "En")
        if isinstance(vi, str) and isinstance(en, str) and vi.strip() and vi.strip() == en.strip():
            self.error(where, f"{base}En repeats the Vietnamese text instead of translating it")

    # -- rules -------------------------------------------------------------------------------

    def rule(self, leaf, where):
        rule, unit, max_points = leaf.get("rule"), leaf.get("unit"), leaf.get("maxPoints")
        if not isinstance(rule, dict):
            self.error(where, "rule must be an object")
            return None
        kind = rule.get("kind")
        if kind not in RULE_KINDS:
            self.error(where, f"unknown rule kind {kind!r}")
            return None
        allowed = {"kind", "full"} if kind == "proportional" else {"kind", "steps"} if kind == "steps" else {"kind"}
        self.keys(rule, allowed, allowed, where + " rule")
        numeric_max = isinstance(max_points, (int, float)) and not isinstance(max_points, bool)
        if kind == "proportional":
            full = rule.get("full")
            if self.number(full, where, "rule.full", positive=True):
                if unit not in ("percent", "count"):
                    self.error(where, f"a proportional rule scores a percent or a count, not unit {unit!r}")
                if unit == "percent" and full > 100:
                    self.error(where, f"rule.full {full} is above 100 % and could never be reached")
        elif kind == "ratio":
            if unit != "ratio":
                self.error(where, f"a ratio rule needs unit 'ratio', got {unit!r}")
        elif kind == "yesNo":
            if unit != "yesNo":
                self.error(where, f"a yesNo rule needs unit 'yesNo', got {unit!r}")
        elif kind == "steps":
            steps = rule.get("steps")
            if unit not in ("percent", "count"):
                self.error(where, f"a step table scores a percent or a count, not unit {unit!r}")
            if not isinstance(steps, list) or len(steps) < 2:
                self.error(where, "a step table needs at least two steps")
                return kind
            mins, points = [], []
            for i, step in enumerate(steps):
                swhere = f"{where} step {i + 1}"
                if not self.keys(step, {"min", "points"}, {"min", "points"}, swhere):
                    continue
                if self.number(step.get("min"), swhere, "min") and self.number(step.get("points"), swhere, "points"):
                    mins.append(step["min"])
                    points.append(step["points"])
                    if unit == "percent" and step["min"] > 100:
                        self.error(swhere, f"min {step['min']} is above 100 %")
                    if numeric_max and step["points"] > max_points + 0.005:
                        self.error(swhere, f"points {step['points']} exceed maxPoints {max_points}")
            if len(mins) != len(steps):
                return kind
            if len(set(mins)) != len(mins):
                self.error(where, "step minimums repeat")
            if mins != sorted(mins, reverse=True):
                self.error(where, "steps must be written highest minimum first")
            ordered = sorted(zip(mins, points), key=lambda s: -s[0])
            if numeric_max and abs(ordered[0][1] - max_points) > 0.005:
                self.error(where, f"top step gives {ordered[0][1]} points, not maxPoints {max_points}")
            if any(later[1] > earlier[1] for earlier, later in zip(ordered, ordered[1:])):
                self.error(where, "a lower step gives more points than a higher one")
            if ordered[-1][0] != 0 or ordered[-1][1] != 0:
                self.error(where, "the last step must be {min: 0, points: 0}")
        return kind

    def leaf(self, leaf, where):
        self.keys(leaf, LEAF_KEYS, LEAF_KEYS, where)
        self.bilingual(leaf, where, "name")
        self.bilingual(leaf, where, "guidance")
        source, indicator, unit = leaf.get("source"), leaf.get("indicator"), leaf.get("unit")
        if source not in SOURCES:
            self.error(where, f"source must be one of {sorted(SOURCES)}, got {source!r}")
        if unit not in UNITS:
            self.error(where, f"unit must be one of {sorted(UNITS)}, got {unit!r}")
        evidence = leaf.get("evidenceRequired")
        if not isinstance(evidence, bool):
            self.error(where, "evidenceRequired must be true or false")
        kind = self.rule(leaf, where)
        if source == "platform":
            if indicator not in INDICATORS:
                self.error(where, f"a platform sub-index needs an indicator from {sorted(INDICATORS)}, got {indicator!r}")
            if unit != "percent":
                self.error(where, f"a platform sub-index is a percent, got unit {unit!r}")
            if kind not in ("proportional", "steps"):
                self.error(where, f"a platform sub-index is scored proportionally or by steps, not {kind!r}")
            if evidence is not False:
                self.error(where, "a platform sub-index needs no evidence (evidenceRequired false)")
        elif source == "reported" and indicator is not None:
            self.error(where, f"a reported sub-index has indicator null, got {indicator!r}")
        return kind

    # -- frameworks --------------------------------------------------------------------------

    def framework(self, fw, index):
        where = f"frameworks[{index}]"
        if not self.keys(fw, FRAMEWORK_KEYS, FRAMEWORK_KEYS, where):
            return None
        code = fw.get("code")
        where = f"framework {code}"
        self.bilingual(fw, where, "name")
        version = fw.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.error(where, f"version must be a positive integer, got {version!r}")
        group = fw.get("group")
        if group not in SHAPES:
            self.error(where, f"group must be one of {sorted(SHAPES)}, got {group!r}")
            return None
        expected_code, n_pillars, n_leaves, total = SHAPES[group]
        if code != expected_code:
            self.error(where, f"the {group} framework is coded {expected_code!r}, got {code!r}")
        nodes = fw.get("nodes")
        if not isinstance(nodes, list):
            self.error(where, "nodes must be a list")
            return None
        codes, names, leaves = set(), set(), []
        for p_index, pillar in enumerate(nodes, 1):
            pwhere = f"{where} pillar {p_index}"
            if not self.keys(pillar, PILLAR_KEYS, PILLAR_KEYS, pwhere):
                continue
            pcode = pillar.get("code")
            pwhere = f"{where} pillar {pcode}"
            if pcode != str(p_index):
                self.error(pwhere, f"pillar codes run 1, 2, 3...; expected {str(p_index)!r}")
            if pcode in codes:
                self.error(pwhere, "duplicate code")
            codes.add(pcode)
            self.bilingual(pillar, pwhere, "name")
            self.number(pillar.get("maxPoints"), pwhere, "maxPoints", positive=True)
            children = pillar.get("children")
            if not isinstance(children, list) or not children:
                self.error(pwhere, "a pillar needs a non-empty children list")
                continue
            child_sum = 0.0
            for c_index, child in enumerate(children, 1):
                cwhere = f"{where} sub-index {child.get('code') if isinstance(child, dict) else c_index}"
                if not isinstance(child, dict):
                    self.error(cwhere, "expected an object")
                    continue
                if "children" in child:
                    self.error(cwhere, "sub-indices are leaves (pillar -> sub-index only)")
                ccode = child.get("code")
                if ccode != f"{pcode}.{c_index}":
                    self.error(cwhere, f"sub-index codes run {pcode}.1, {pcode}.2...; expected '{pcode}.{c_index}'")
                if ccode in codes:
                    self.error(cwhere, "duplicate code")
                codes.add(ccode)
                if child.get("name") in names:
                    self.error(cwhere, f"name repeats another sub-index: {child.get('name')!r}")
                names.add(child.get("name"))
                if self.number(child.get("maxPoints"), cwhere, "maxPoints", positive=True):
                    child_sum += child["maxPoints"]
                kind = self.leaf(child, cwhere)
                leaves.append((child, kind))
            if isinstance(pillar.get("maxPoints"), (int, float)) and abs(child_sum - pillar["maxPoints"]) > 0.005:
                self.error(pwhere, f"maxPoints {pillar['maxPoints']} but its sub-indices sum to {child_sum:g}")
        if len(nodes) != n_pillars:
            self.error(where, f"{len(nodes)} pillars, expected {n_pillars}")
        if len(leaves) != n_leaves:
            self.error(where, f"{len(leaves)} sub-indices, expected {n_leaves}")
        fw_total = sum(p.get("maxPoints", 0) for p in nodes if isinstance(p, dict)
                       and isinstance(p.get("maxPoints"), (int, float)))
        if abs(fw_total - total) > 0.005:
            self.error(where, f"total {fw_total:g} points, expected {total}")
        platform = [leaf.get("indicator") for leaf, _ in leaves if leaf.get("source") == "platform"]
        for indicator, n in Counter(platform).items():
            if n > 1:
                self.error(where, f"indicator {indicator} scored by {n} sub-indices (counted twice)")
        used = set(platform) & INDICATORS
        if len(used) < MIN_PLATFORM_INDICATORS:
            self.error(where, f"{len(used)} platform indicators, at least {MIN_PLATFORM_INDICATORS} needed")
        missing = REQUIRED_INDICATORS[group] - used
        if missing:
            self.error(where, f"missing platform indicators for a {group} framework: {sorted(missing)}")
        self.simulate(fw, leaves, total, where)
        return {"code": code, "group": group, "nodes": nodes, "leaves": leaves, "total": fw_total}

    def simulate(self, fw, leaves, total, where):
        """Scores a perfect unit and an empty one with the platform's formulas."""
        best = worst = 0.0
        for leaf, kind in leaves:
            max_points = leaf.get("maxPoints")
            if not isinstance(max_points, (int, float)) or kind is None:
                return
            rule = leaf["rule"]
            if kind == "steps":
                try:
                    top = max(rule["steps"], key=lambda s: s["min"])["min"]
                except (KeyError, TypeError, ValueError):
                    return
                best_value = 100 if leaf.get("unit") == "percent" else top
            elif kind == "proportional":
                best_value = 100 if leaf.get("unit") == "percent" else rule.get("full", 0)
            else:
                best_value = 1
            best += points(rule, best_value, max_points, denominator=1)
            worst += points(rule, 0, max_points, denominator=1)
        if abs(best - total) > 0.01:
            self.error(where, f"a unit with perfect values scores {best:g}, not {total}")
        if worst != 0:
            self.error(where, f"a unit with all values 0 scores {worst:g}, not 0")

    # -- recognition -------------------------------------------------------------------------

    def recognition(self, rec, index, frameworks):
        where = f"recognition[{index}]"
        if not self.keys(rec, RECOGNITION_KEYS, RECOGNITION_KEYS, where):
            return
        where = f"recognition {rec.get('code')}"
        if not isinstance(rec.get("code"), str) or not rec["code"].strip():
            self.error(where, "code must be a non-empty string")
        self.bilingual(rec, where, "name")
        fw = frameworks.get(rec.get("framework"))
        if fw is None:
            self.error(where, f"framework {rec.get('framework')!r} is not in the file")
        elif fw["group"] != "commune":
            self.error(where, f"recognition refers to the commune framework, not {fw['code']} ({fw['group']})")
        if self.number(rec.get("minimumTotal"), where, "minimumTotal", positive=True) and fw is not None:
            if rec["minimumTotal"] > fw["total"]:
                self.error(where, f"minimumTotal {rec['minimumTotal']} exceeds the framework's {fw['total']:g} points")
        criteria = rec.get("criteria")
        if not isinstance(criteria, list):
            self.error(where, "criteria must be a list")
            return
        low, high = CRITERIA_RANGE
        if not low <= len(criteria) <= high:
            self.error(where, f"{len(criteria)} criteria, expected {low} to {high}")
        by_code = {leaf["code"]: leaf for leaf, _ in fw["leaves"]} if fw else {}
        codes, sub_indices = set(), set()
        for i, criterion in enumerate(criteria, 1):
            cwhere = f"{where} criterion {i}"
            if not self.keys(criterion, CRITERION_KEYS, CRITERION_KEYS, cwhere):
                continue
            code = criterion.get("code")
            cwhere = f"{where} criterion {code}"
            if not isinstance(code, str) or not code.strip():
                self.error(cwhere, "code must be a non-empty string")
            elif code in codes:
                self.error(cwhere, "duplicate code")
            codes.add(code)
            self.bilingual(criterion, cwhere, "name")
            sub = criterion.get("subIndex")
            if sub in sub_indices:
                self.error(cwhere, f"sub-index {sub} already has a criterion")
            sub_indices.add(sub)
            leaf = by_code.get(sub)
            if fw is not None and leaf is None:
                self.error(cwhere, f"sub-index {sub!r} is not in {fw['code']}")
            value = criterion.get("minValue")
            if not self.number(value, cwhere, "minValue", positive=True) or leaf is None:
                continue
            unit = leaf.get("unit")
            if unit == "yesNo" and value != 1:
                self.error(cwhere, f"sub-index {sub} is yes/no, so minValue must be 1, got {value}")
            elif unit in ("percent", "ratio") and value > 100:
                self.error(cwhere, f"sub-index {sub} is a {unit} (scored as a percent); minValue {value} is above 100")
            elif unit == "count" and value != int(value):
                self.error(cwhere, f"sub-index {sub} is a count; minValue {value} must be whole")


def points(rule, value, max_points, denominator=None):
    """The platform's ScoreRule.points (capped at max_points, never negative, two decimals)."""
    kind = rule.get("kind")
    if kind == "proportional":
        full = rule.get("full", 0)
        raw = min(value / full, 1) * max_points if full > 0 else (max_points if value > 0 else 0)
    elif kind == "ratio":
        raw = min(value / denominator, 1) * max_points if denominator else 0
    elif kind == "steps":
        raw = next((s["points"] for s in sorted(rule["steps"], key=lambda s: -s["min"]) if value >= s["min"]), 0)
    else:
        raw = max_points if value >= 1 else 0
    return round(max(0, min(raw, max_points)) * 100) / 100


def summary(frameworks, recognitions):
    lines = []
    for fw in frameworks:
        leaves = fw["leaves"]
        lines.append(f"{fw['code']} ({fw['group']}): {len(fw['nodes'])} pillars, {len(leaves)} sub-indices, "
                     f"{fw['total']:g} points")
        for pillar in fw["nodes"]:
            children = pillar.get("children") or []
            lines.append(f"  {pillar.get('code'):>2} {pillar.get('name')} / {pillar.get('nameEn')}: "
                         f"{pillar.get('maxPoints'):g} points, {len(children)} sub-indices")
        kinds = Counter(kind for _, kind in leaves)
        sources = Counter(leaf.get("source") for leaf, _ in leaves)
        units = Counter(leaf.get("unit") for leaf, _ in leaves)
        platform = [f"{leaf['code']} {leaf['indicator']}" for leaf, _ in leaves if leaf.get("source") == "platform"]
        platform_points = sum(leaf["maxPoints"] for leaf, _ in leaves if leaf.get("source") == "platform")
        lines.append("  rules:   " + ", ".join(f"{k} {kinds[k]}" for k in ("proportional", "ratio", "steps", "yesNo")))
        lines.append("  sources: " + ", ".join(f"{k} {sources[k]}" for k in ("reported", "platform"))
                     + f" (platform worth {platform_points:g} points)")
        lines.append("  units:   " + ", ".join(f"{k} {units[k]}" for k in ("percent", "ratio", "count", "yesNo")))
        lines.append("  platform indicators: " + "; ".join(platform))
        lines.append(f"  evidence required: {sum(1 for leaf, _ in leaves if leaf.get('evidenceRequired') is True)}")
    for rec in recognitions:
        lines.append(f"{rec.get('code')} -> {rec.get('framework')}: minimum total {rec.get('minimumTotal')}, "
                     f"{len(rec.get('criteria') or [])} criteria")
        for c in rec.get("criteria") or []:
            lines.append(f"  {c.get('code')} sub-index {c.get('subIndex')} >= {c.get('minValue')}: {c.get('name')}")
    return "\n".join(lines)


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_PATH
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        return 2
    checker = Checker()
    keys = {"appraiserAgency", "frameworks", "recognition"}
    if not checker.keys(doc, keys, keys, "file"):
        print("\n".join(checker.errors), file=sys.stderr)
        return 1
    if not isinstance(doc.get("appraiserAgency"), str) or not doc["appraiserAgency"]:
        checker.error("file", "appraiserAgency must name the appraising agency")
    frameworks = []
    for i, fw in enumerate(doc.get("frameworks") or []):
        checked = checker.framework(fw, i)
        if checked:
            frameworks.append(checked)
    by_code = {}
    for fw in frameworks:
        if fw["code"] in by_code:
            checker.error(f"framework {fw['code']}", "duplicate framework code")
        by_code[fw["code"]] = fw
    groups = Counter(fw["group"] for fw in frameworks)
    for group in SHAPES:
        if groups[group] != 1:
            checker.error("file", f"{groups[group]} {group} frameworks, expected exactly 1")
    recognitions = doc.get("recognition")
    if not isinstance(recognitions, list) or not recognitions:
        checker.error("file", "recognition must be a non-empty list")
        recognitions = []
    rec_codes = Counter(r.get("code") for r in recognitions if isinstance(r, dict))
    for code, n in rec_codes.items():
        if n > 1:
            checker.error(f"recognition {code}", "duplicate code")
    for i, rec in enumerate(recognitions):
        checker.recognition(rec, i, by_code)

    print(summary(frameworks, [r for r in recognitions if isinstance(r, dict)]))
    if checker.errors:
        print(f"\nFAILED: {len(checker.errors)} error(s) in {os.path.relpath(path)}", file=sys.stderr)
        for e in checker.errors:
            print("  " + e, file=sys.stderr)
        return 1
    print(f"\nOK: {os.path.relpath(path)} passes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
