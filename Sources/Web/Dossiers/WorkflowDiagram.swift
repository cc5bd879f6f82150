import Domain
import Foundation

/// A workflow's state diagram drawn on the server as SVG, without script. States are boxes in columns from left to right:
/// a state's column is the longest path to it from the initial states (moves back are not counted), and final states share
/// the last column. Transitions are arrows labelled next to their target, once per move (a move from three or more states
/// is one short arrow into its target saying from how many); moves that keep the state (`@same`) or go back to the
/// previous one (`@resume`) are written in the box.
enum WorkflowDiagram {
    static let boxWidth = 164
    static let boxHeight = 64
    static let columnGap = 150
    static let rowGap = 40
    static let margin = 24
    /// Room above the boxes for the arcs of moves back.
    static let arcRoom = 56

    /// One arrow: from a state to another, with the names of the transitions it stands for.
    struct Edge {
        let from: String
        let to: String
        var labels: [String]
        /// Part of a move from three or more states (drawn once, as a short arrow into the target).
        let shared: Bool
        /// The names written next to the arrow (a move from several states is named on its first arrow only).
        var labelled: [String]
        /// For a move from three or more states: how many.
        var sources = 0
    }

    /// The SVG of `workflow`, with `title` and `description` for screen readers; `fromMany(n)` labels a move from n states.
    static func svg(_ workflow: Workflow, english: Bool, title: String, description: String, fromMany: (Int) -> String) -> String {
        let codes = workflow.states.map(\.code)
        let edges = self.edges(workflow, english: english)
        let backward = backEdges(workflow, edges: edges)
        let column = columns(workflow, edges: edges, backward: backward)
        let rows = self.rows(codes, column: column, edges: edges, backward: backward)
        let height = rows.values.map(\.count).max() ?? 1
        let columnCount = (column.values.max() ?? 0) + 1
        let width = 2 * margin + columnCount * boxWidth + (columnCount - 1) * columnGap
        let fullHeight = margin + arcRoom + height * boxHeight + (height - 1) * rowGap + margin
        var origin: [String: (x: Int, y: Int)] = [:]
        for (c, states) in rows {
            let offset = (height - states.count) * (boxHeight + rowGap) / 2
            for (r, code) in states.enumerated() {
                origin[code] = (margin + c * (boxWidth + columnGap), margin + arcRoom + offset + r * (boxHeight + rowGap))
            }
        }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow-diagram\" width=\"\(width)\" height=\"\(fullHeight)\" "
        out += "viewBox=\"0 0 \(width) \(fullHeight)\" role=\"img\" aria-labelledby=\"wf-title wf-desc\">"
        out += "<title id=\"wf-title\">\(esc(title))</title><desc id=\"wf-desc\">\(esc(description))</desc>"
        out += "<defs><marker id=\"wf-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
        out += "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4a5568\"/></marker></defs>"
        let (lines, labels) = arrows(edges, origin: origin, backward: backward, fromMany: fromMany)
        out += lines
        for state in workflow.states {
            guard let at = origin[state.code] else { continue }
            out += box(state, workflow: workflow, at: at, english: english)
        }
        return out + labels + "</svg>"
    }

    /// The arrows between distinct states, one per pair of states, transitions of the same pair sharing it.
    static func edges(_ workflow: Workflow, english: Bool) -> [Edge] {
        var edges: [Edge] = []
        for t in workflow.transitions where workflow.state(t.to) != nil {
            let name = english ? t.nameEn : t.name
            let shared = t.from.count >= 3
            let first = t.from.first { $0 != t.to }
            for from in t.from where from != t.to {
                let label = from == first ? [name] : []
                if !shared, let i = edges.firstIndex(where: { $0.from == from && $0.to == t.to && !$0.shared }) {
                    edges[i].labels.append(name)
                    edges[i].labelled += label
                } else {
                    edges.append(
                        Edge(from: from, to: t.to, labels: [name], shared: shared, labelled: label, sources: shared ? t.from.count : 0))
                }
            }
        }
        return edges
    }

    /// The arrows that go back (found by a depth-first walk from the initial states): they do not decide columns.
    static func backEdges(_ workflow: Workflow, edges: [Edge]) -> Set<String> {
        var visited: Set<String> = []
        var onPath: Set<String> = []
        var back: Set<String> = []
        func walk(_ state: String) {
            visited.insert(state)
            onPath.insert(state)
            for edge in edges where edge.from == state {
                if onPath.contains(edge.to) {
                    back.insert(key(edge))
                } else if !visited.contains(edge.to) {
                    walk(edge.to)
                }
            }
            onPath.remove(state)
        }
        for start in [workflow.onlineState, workflow.counterState] + workflow.states.map(\.code) where !visited.contains(start) {
            walk(start)
        }
        return back
    }

    /// Each state's column: the longest path from the initial states over the forward arrows; final states last.
    static func columns(_ workflow: Workflow, edges: [Edge], backward: Set<String>) -> [String: Int] {
        var column = Dictionary(uniqueKeysWithValues: workflow.states.map { ($0.code, 0) })
        let forward = edges.filter { !backward.contains(key($0)) }
        for _ in workflow.states {
            var changed = false
            for edge in forward where (column[edge.from] ?? 0) + 1 > (column[edge.to] ?? 0) {
                column[edge.to] = (column[edge.from] ?? 0) + 1
                changed = true
            }
            if !changed { break }
        }
        let finals = workflow.states.filter(\.isTerminal).map(\.code)
        let last = (workflow.states.filter { !$0.isTerminal }.compactMap { column[$0.code] }.max() ?? -1) + 1
        for code in finals { column[code] = last }
        return column
    }

    /// The states of each column, top to bottom: by the mean row of the states their arrows come from.
    static func rows(_ codes: [String], column: [String: Int], edges: [Edge], backward: Set<String>) -> [Int: [String]] {
        var rows: [Int: [String]] = [:]
        var position: [String: Double] = [:]
        for c in 0...(column.values.max() ?? 0) {
            let states = codes.filter { column[$0] == c }
            func weight(_ code: String) -> Double {
                let sources = edges.filter { $0.to == code && !$0.shared && !backward.contains(key($0)) }.compactMap { position[$0.from] }
                return sources.isEmpty ? Double(codes.firstIndex(of: code) ?? 0) / 100 : sources.reduce(0, +) / Double(sources.count)
            }
            let ordered = states.enumerated().sorted { (weight($0.element), $0.offset) < (weight($1.element), $1.offset) }.map(\.element)
            for (r, code) in ordered.enumerated() { position[code] = Double(r) }
            rows[c] = ordered
        }
        return rows
    }

    static func key(_ edge: Edge) -> String { "\(edge.from)>\(edge.to)" }

    /// The arrows (their ends spread along the sides of the boxes) and, apart, their labels (drawn over the boxes).
    static func arrows(_ edges: [Edge], origin: [String: (x: Int, y: Int)], backward: Set<String>, fromMany: (Int) -> String)
        -> (lines: String, labels: String)
    {
        var out = ""
        var labels = ""
        var outgoing: [String: Int] = [:]
        var incoming: [String: Int] = [:]
        let forward = edges.filter { !backward.contains(key($0)) && !($0.shared && $0.labelled.isEmpty) }
        let outCount = Dictionary(grouping: forward.filter { !$0.shared }, by: \.from).mapValues(\.count)
        let inCount = Dictionary(grouping: forward, by: \.to).mapValues(\.count)
        let line = "fill=\"none\" stroke=\"#4a5568\" stroke-width=\"1.3\" marker-end=\"url(#wf-arrow)\""
        for edge in edges {
            guard let a = origin[edge.from], let b = origin[edge.to] else { continue }
            let label = edge.labelled.joined(separator: " / ")
            if backward.contains(key(edge)) {
                let x1 = a.x + boxWidth / 2 - 12
                let x2 = b.x + boxWidth / 2 + 12
                let top = min(a.y, b.y) - arcRoom + 8
                out += "<path d=\"M\(x1),\(a.y) C\(x1),\(top) \(x2),\(top) \(x2),\(b.y)\" \(line)/>"
                if !label.isEmpty { labels += text(label, x: (x1 + x2) / 2, y: top + 12, anchor: "middle") }
                continue
            }
            if edge.shared && edge.labelled.isEmpty { continue }
            let j = incoming[edge.to, default: 0]
            incoming[edge.to] = j + 1
            let x2 = b.x
            let y2 = b.y + (j + 1) * boxHeight / ((inCount[edge.to] ?? 1) + 1)
            if edge.shared {
                // One short arrow into the target for a move from many states (the table lists them).
                let x1 = x2 - columnGap + 24
                out += "<path d=\"M\(x1),\(y2) L\(x2),\(y2)\" \(line) stroke-dasharray=\"4 3\"/>"
                labels +=
                    text(label, x: x2 - 8, y: y2 - 4, anchor: "end") + text(fromMany(edge.sources), x: x2 - 8, y: y2 + 12, anchor: "end")
                continue
            }
            let i = outgoing[edge.from, default: 0]
            outgoing[edge.from] = i + 1
            let x1 = a.x + boxWidth
            let y1 = a.y + (i + 1) * boxHeight / ((outCount[edge.from] ?? 1) + 1)
            let dx = max(28, (x2 - x1) / 2)
            out += "<path d=\"M\(x1),\(y1) C\(x1 + dx),\(y1) \(x2 - dx),\(y2) \(x2),\(y2)\" \(line)/>"
            if !label.isEmpty { labels += text(label, x: x2 - 8, y: y2 - 4, anchor: "end") }
        }
        return (out, labels)
    }

    /// A state's box: its name on up to two lines, then the moves that keep it or go back.
    static func box(_ state: WorkflowState, workflow: Workflow, at: (x: Int, y: Int), english: Bool) -> String {
        let initial = state.code == workflow.counterState || state.code == workflow.onlineState
        let fill = state.isTerminal ? "#f0fff4" : state.clockStopped ? "#fffaf0" : initial ? "#ebf8ff" : "#ffffff"
        let stroke = state.isTerminal ? "#276749" : initial ? "#2b6cb0" : "#2d3748"
        var out = "<g class=\"wf-state\" data-state=\"\(esc(state.code))\">"
        out += "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(boxWidth)\" height=\"\(boxHeight)\" rx=\"6\" fill=\"\(fill)\" "
        out += "stroke=\"\(stroke)\" stroke-width=\"\(initial ? 2.5 : 1.3)\"/>"
        if state.isTerminal {
            out += "<rect x=\"\(at.x + 3)\" y=\"\(at.y + 3)\" width=\"\(boxWidth - 6)\" height=\"\(boxHeight - 6)\" rx=\"4\" "
            out += "fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1\"/>"
        }
        let lines = wrap(english ? state.nameEn : state.name, width: 24, lines: 2)
        for (n, line) in lines.enumerated() {
            out += "<text x=\"\(at.x + boxWidth / 2)\" y=\"\(at.y + 18 + n * 15)\" text-anchor=\"middle\" font-size=\"12\" "
            out += "font-weight=\"600\" fill=\"#1a202c\">\(esc(line))</text>"
        }
        let keep = workflow.transitions.filter { $0.from.contains(state.code) && $0.to == WorkflowTransition.same }
        let back = workflow.transitions.filter { $0.from.contains(state.code) && $0.to == WorkflowTransition.resume }
        let loops = keep.map { "↻ " + (english ? $0.nameEn : $0.name) } + back.map { "↩ " + (english ? $0.nameEn : $0.name) }
        if let line = wrap(loops.joined(separator: " · "), width: 30, lines: 1).first {
            out += "<text x=\"\(at.x + boxWidth / 2)\" y=\"\(at.y + boxHeight - 9)\" text-anchor=\"middle\" font-size=\"10\" "
            out += "fill=\"#2d3748\">\(esc(line))</text>"
        }
        return out + "</g>"
    }

    static func text(_ s: String, x: Int, y: Int, anchor: String) -> String {
        let line = wrap(s, width: 26, lines: 1).first ?? ""
        return "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-size=\"10.5\" fill=\"#1a202c\" stroke=\"#ffffff\" "
            + "stroke-width=\"3\" paint-order=\"stroke\">\(esc(line))</text>"
    }

    /// `s` in lines of at most `width` characters, cut between words; the last of `lines` ends with "…" when text is left.
    static func wrap(_ s: String, width: Int, lines: Int) -> [String] {
        var out: [String] = []
        var current = ""
        for word in s.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if candidate.count <= width || current.isEmpty {
                current = candidate
            } else {
                out.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { out.append(current) }
        guard out.count > lines || out.last.map({ $0.count > width }) == true else { return out }
        var kept = Array(out.prefix(lines))
        let last = kept[lines - 1]
        kept[lines - 1] = String(last.prefix(width - 1)) + "…"
        return kept
    }

    static func esc(_ s: String) -> String { SVGChart.escape(s) }
}
