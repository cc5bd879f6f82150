import Foundation

/// What a citizen asks the procedure list for: words (diacritics, case and punctuation ignored)
/// and filters; nil filters match everything.
public struct ProcedureFilter: Sendable, Hashable {
    public var text: String
    public var field: String?
    public var level: ProcedureLevel?
    /// The competent agency as in the catalogue (`communeCommittee`, `communePolice`, a short code).
    public var agency: String?
    public var onlineLevel: OnlineLevel?

    public init(
        text: String = "", field: String? = nil, level: ProcedureLevel? = nil, agency: String? = nil, onlineLevel: OnlineLevel? = nil
    ) {
        self.text = text
        self.field = field
        self.level = level
        self.agency = agency
        self.onlineLevel = onlineLevel
    }

    /// True when neither words nor a filter are given.
    public var isEmpty: Bool { words.isEmpty && field == nil && level == nil && agency == nil && onlineLevel == nil }

    /// The folded words of `text` (at most ten).
    public var words: [String] { VietnameseFolding.fold(text).split(separator: " ").prefix(10).map(String.init) }
}

/// Finds procedures in the catalogue (held in memory): the same matching as the catalogue's
/// search (every folded word in the folded code and names), the filters, and, when nothing
/// matches, the closest names (each word of the question within a typo or two of a word of the
/// name). Each procedure's code and names are folded once, when the finder is made, so a finder
/// is worth keeping while the catalogue stays the same.
public struct ProcedureFinder: Sendable {
    public let catalogue: [Procedure]
    /// The folded code and names of each procedure, as the catalogue's search reads them.
    let texts: [String]
    /// The distinct words of `texts`, as UTF-8, and for each procedure the places of its words there.
    let vocabulary: [[UInt8]]
    let wordsOf: [[Int]]

    public init(_ catalogue: [Procedure]) {
        self.catalogue = catalogue
        texts = catalogue.map { VietnameseFolding.fold("\($0.code) \($0.name) \($0.nameEn)") }
        var places: [String: Int] = [:]
        var vocabulary: [[UInt8]] = []
        wordsOf = texts.map { text in
            Array(
                Set(
                    text.split(separator: " ").map { word in
                        if let place = places[String(word)] { return place }
                        places[String(word)] = vocabulary.count
                        vocabulary.append(Array(word.utf8))
                        return vocabulary.count - 1
                    }))
        }
        self.vocabulary = vocabulary
    }

    /// The procedures matching `filter`, in the catalogue's order.
    public func find(_ filter: ProcedureFilter) -> [Procedure] {
        let words = filter.words
        return catalogue.indices.filter { i in
            let p = catalogue[i]
            return (filter.field == nil || p.field == filter.field) && (filter.level == nil || p.level == filter.level)
                && (filter.agency == nil || p.competentAgency == filter.agency)
                && (filter.onlineLevel == nil || p.onlineLevel == filter.onlineLevel)
                && words.allSatisfy { texts[i].contains($0) }
        }.map { catalogue[$0] }
    }

    /// Up to `limit` procedures whose names come closest to `text`, filters ignored: most words
    /// matched (exactly or within a small edit distance), then the fewest edits, then the shortest
    /// name (the one the words say most of), then the catalogue's order.
    public func closest(to text: String, limit: Int = 5) -> [Procedure] {
        let words = ProcedureFilter(text: text).words.map { Array($0.utf8) }.filter { $0.count >= 2 }
        guard !words.isEmpty else { return [] }
        // Each distinct word of the catalogue is compared once with each word of the question.
        let near = words.map { word in vocabulary.map { Self.boundedDistance(word, $0) } }
        typealias Score = (matched: Int, edits: Int, length: Int, index: Int, p: Procedure)
        let scored = catalogue.enumerated().compactMap { index, p -> Score? in
            var matched = 0
            var edits = 0
            for distances in near {
                guard let best = wordsOf[index].compactMap({ distances[$0] }).min() else { continue }
                matched += 1
                edits += best
            }
            return matched == 0 ? nil : (matched, edits, p.name.split(separator: " ").count, index, p)
        }
        return scored.sorted { a, b in
            if a.matched != b.matched { return a.matched > b.matched }
            if a.edits != b.edits { return a.edits < b.edits }
            return a.length != b.length ? a.length < b.length : a.index < b.index
        }.prefix(limit).map(\.p)
    }

    /// Edits allowed for a word of `length` letters: none up to 2, one up to 5, two beyond.
    static func tolerance(_ length: Int) -> Int { length <= 2 ? 0 : length <= 5 ? 1 : 2 }

    /// The edit distance of a word of the question to a word of a name, nil beyond the question
    /// word's tolerance (words whose lengths differ by more are not compared).
    static func boundedDistance(_ question: [UInt8], _ word: [UInt8]) -> Int? {
        let allowed = tolerance(question.count)
        guard abs(question.count - word.count) <= allowed else { return nil }
        let d = distance(question, word)
        return d <= allowed ? d : nil
    }

    /// Levenshtein distance of two words.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
