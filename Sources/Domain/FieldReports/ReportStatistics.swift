/// Counts of field reports by category, agency, commune, status and month, with answer times.
public struct ReportStatistics: Codable, Sendable, Hashable {
    /// One group's figures.
    public struct Row: Codable, Sendable, Hashable {
        public var key: String
        public var received: Int
        public var answered: Int
        public var answeredOnTime: Int
        public var overdueOpen: Int
        /// Sum of answer times in hours, to average.
        public var answerHours: Double

        public init(
            key: String, received: Int = 0, answered: Int = 0, answeredOnTime: Int = 0, overdueOpen: Int = 0, answerHours: Double = 0
        ) {
            self.key = key
            self.received = received
            self.answered = answered
            self.answeredOnTime = answeredOnTime
            self.overdueOpen = overdueOpen
            self.answerHours = answerHours
        }

        /// Average hours from receipt to answer; nil when none was answered.
        public var averageAnswerHours: Double? { answered == 0 ? nil : (answerHours / Double(answered) * 10).rounded() / 10 }
        /// Share of reports answered by their deadline among those answered or already overdue, in percent with one
        /// decimal: a report still open after its date counts as late, so that leaving a report unanswered cannot
        /// raise the rate. Nil when none was answered and none is overdue.
        public var onTimePercent: Double? {
            let judged = answered + overdueOpen
            return judged == 0 ? nil : (Double(answeredOnTime) * 1000 / Double(judged)).rounded() / 10
        }
    }

    public var total: Row
    public var byCategory: [Row]
    public var byAgency: [Row]
    public var byUnit: [Row]
    public var byStatus: [Row]
    public var byMonth: [Row]

    public init(total: Row, byCategory: [Row], byAgency: [Row], byUnit: [Row], byStatus: [Row], byMonth: [Row]) {
        self.total = total
        self.byCategory = byCategory
        self.byAgency = byAgency
        self.byUnit = byUnit
        self.byStatus = byStatus
        self.byMonth = byMonth
    }
}
