/// The module grid of a QR symbol: function patterns (finders, timing, alignment, format and
/// version information), the codewords placed in the two-column zigzag, and the masks.
struct QRGrid: Sendable {
    let version: Int
    let size: Int
    private(set) var modules: [[Bool]]
    private var reserved: [[Bool]]

    /// Alignment pattern centres, versions 1 to 10.
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        reserved = modules
        drawFunctionPatterns()
    }

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        reserved[y][x] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let distance = max(abs(dx), abs(dy))
                    set(x + dx, y + dy, distance != 2 && distance != 4)
                }
            }
        }
        let centres = Self.alignment[version - 1]
        for (i, cx) in centres.enumerated() {
            for (j, cy) in centres.enumerated() {
                let last = centres.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(mask: 0)
        drawVersion()
    }

    /// Level M (format bits 00) and `mask`, with its BCH code, in both copies; and the dark module.
    private mutating func drawFormat(mask: Int) {
        let data = mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3
            let b = i / 3
            set(a, b, dark)
            set(b, a, dark)
        }
    }

    /// Places `codewords` (most significant bit first) upward and downward in column pairs from the right.
    mutating func place(_ codewords: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !reserved[y][x] && i < codewords.count * 8 {
                        modules[y][x] = (codewords[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// The grid with mask `mask` applied to the data modules and its format information drawn.
    func masked(_ mask: Int) -> (modules: [[Bool]], penalty: Int) {
        var copy = self
        for y in 0..<size {
            for x in 0..<size where !reserved[y][x] && Self.inverts(mask, x, y) { copy.modules[y][x].toggle() }
        }
        copy.drawFormat(mask: mask)
        return (copy.modules, QRPenalty.score(copy.modules))
    }

    static func inverts(_ mask: Int, _ x: Int, _ y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        default: return ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }
}

/// The four penalty rules by which the encoder chooses a mask.
enum QRPenalty {
    static func score(_ modules: [[Bool]]) -> Int {
        let size = modules.count
        let columns = (0..<size).map { x in modules.map { $0[x] } }
        var total = 0
        for line in modules + columns {
            total += runs(line)
            total += 40 * finderLike(line)
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = modules[y][x]
                if modules[y][x + 1] == c && modules[y + 1][x] == c && modules[y + 1][x + 1] == c { total += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = dark * 100 / (size * size)
        total += 10 * (abs(percent - 50) / 5)
        return total
    }

    /// Runs of five or more modules of one colour: 3 points, plus one for each module beyond five.
    static func runs(_ line: [Bool]) -> Int {
        var total = 0
        var length = 1
        for i in 1...line.count {
            if i < line.count && line[i] == line[i - 1] {
                length += 1
            } else {
                if length >= 5 { total += length - 2 }
                length = 1
            }
        }
        return total
    }

    /// Dark-light-dark-dark-dark-light-dark with four light modules on one side.
    static func finderLike(_ line: [Bool]) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        let light = [Bool](repeating: false, count: 4)
        var count = 0
        for start in 0...(line.count - 11) {
            let window = Array(line[start..<start + 11])
            if window == core + light || window == light + core { count += 1 }
        }
        return count
    }
}
