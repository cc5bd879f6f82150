import Foundation

/// Charts drawn on the server as SVG (no script needed): a column chart for trends and a bar
/// chart for rankings. Each carries a title and a description for screen readers; the page
/// shows the same numbers in a table next to it.
enum SVGChart {
    /// One series of a column chart.
    struct Series {
        let name: String
        let cssClass: String
    }

    /// Columns per period, one per series side by side, with a light grid and the peak marked.
    static func columns(
        title: String, description: String, labels: [String], series: [Series], values: [[Int64]],
        width: Int = 720, height: Int = 240
    ) -> String {
        let left = 44
        let bottom = 28
        let top = 12
        let plotW = width - left - 8
        let plotH = height - bottom - top
        let peak = max(1, values.flatMap { $0 }.max() ?? 1)
        let (scale, step) = axis(peak)
        let intervals = Int(scale / step)
        let slot = Double(plotW) / Double(max(1, labels.count))
        let barW = max(1, slot * 0.8 / Double(max(1, series.count)))
        var out = svgOpen(width: width, height: height, title: title, description: description)
        for i in 0...intervals {
            let y = Double(top) + Double(plotH) * Double(i) / Double(intervals)
            let v = scale - step * Int64(i)
            out += "<line class=\"grid\" x1=\"\(left)\" y1=\(q(y)) x2=\"\(width - 8)\" y2=\(q(y))/>"
            out += "<text class=\"axis\" x=\"\(left - 4)\" y=\(q(y + 4)) text-anchor=\"end\">\(v)</text>"
        }
        let labelEvery = max(1, labels.count / 12)
        for (i, label) in labels.enumerated() {
            let x0 = Double(left) + slot * Double(i) + slot * 0.1
            for (s, serie) in series.enumerated() {
                let v = i < values.count && s < values[i].count ? values[i][s] : 0
                let h = Double(plotH) * Double(v) / Double(scale)
                out +=
                    "<rect class=\"\(serie.cssClass)\" x=\(q(x0 + barW * Double(s))) y=\(q(Double(top + plotH) - h)) "
                    + "width=\(q(barW)) height=\(q(h))><title>\(escape(label)) · \(escape(serie.name)): \(v)</title></rect>"
            }
            if i % labelEvery == 0 {
                out += "<text class=\"axis\" x=\(q(x0 + slot * 0.4)) y=\"\(height - 10)\" text-anchor=\"middle\">\(escape(label))</text>"
            }
        }
        out += "<g class=\"legend\">"
        for (s, serie) in series.enumerated() {
            let x = left + 8 + s * 150
            out += "<rect class=\"\(serie.cssClass)\" x=\"\(x)\" y=\"2\" width=\"10\" height=\"10\"/>"
            out += "<text class=\"axis\" x=\"\(x + 14)\" y=\"11\">\(escape(serie.name))</text>"
        }
        return out + "</g></svg>"
    }

    /// Horizontal bars of percents (0 to 100), label on the left, value on the right.
    static func bars(
        title: String, description: String, items: [(label: String, percent: Double?, text: String)],
        width: Int = 720, rowHeight: Int = 22
    ) -> String {
        let labelW = 260
        let valueW = 70
        let height = max(rowHeight, items.count * rowHeight) + 4
        let plotW = Double(width - labelW - valueW)
        var out = svgOpen(width: width, height: height, title: title, description: description)
        for (i, item) in items.enumerated() {
            let y = i * rowHeight + 2
            let w = plotW * min(100, max(0, item.percent ?? 0)) / 100
            let label = item.label.count > 38 ? String(item.label.prefix(37)) + "…" : item.label
            out += "<text class=\"axis\" x=\"0\" y=\"\(y + rowHeight - 8)\">\(escape(label))</text>"
            out +=
                "<rect class=\"\(cssClass(item.percent))\" x=\"\(labelW)\" y=\"\(y + 3)\" width=\(q(w)) height=\"\(rowHeight - 6)\">"
                + "<title>\(escape(item.label)): \(escape(item.text))</title></rect>"
            out += "<text class=\"axis\" x=\"\(width - valueW + 6)\" y=\"\(y + rowHeight - 8)\">\(escape(item.text))</text>"
        }
        return out + "</svg>"
    }

    /// Green from 90 %, amber from 70 %, red below; grey with no data.
    static func cssClass(_ percent: Double?) -> String {
        guard let p = percent else { return "bar-none" }
        return p >= 90 ? "bar-good" : p >= 70 ? "bar-fair" : "bar-poor"
    }

    private static func svgOpen(width: Int, height: Int, title: String, description: String) -> String {
        // The same title gives the same id in every process (String.hashValue is seeded per process).
        let hash = title.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        let id = "c\(hash % 1_000_000)"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
            + "aria-labelledby=\"\(id)t \(id)d\"><title id=\"\(id)t\">\(escape(title))</title>"
            + "<desc id=\"\(id)d\">\(escape(description))</desc>"
    }

    /// The top of the y-axis and the whole step between its ticks: at most four steps of 1, 2 or 5
    /// times a power of ten, so that no two ticks carry the same label (a peak of 2 gives 0, 1, 2).
    static func axis(_ peak: Int64) -> (scale: Int64, step: Int64) {
        let step = niceCeiling(max(1, (peak + 3) / 4))
        return (step * ((peak + step - 1) / step), step)
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Int64) -> Int64 {
        var p: Int64 = 1
        while p * 10 <= value { p *= 10 }
        for m: Int64 in [1, 2, 5, 10] where m * p >= value { return m * p }
        return value
    }

    private static func q(_ x: Double) -> String { "\"" + String(format: "%.1f", x) + "\"" }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
