/// How urgently a document must be handled (độ khẩn), as marked on it: Decree 30/2020/NĐ-CP,
/// Article 8 clause 3 and Appendix I (Khẩn, Thượng khẩn, Hỏa tốc).
public enum DocumentUrgency: String, Codable, Sendable, CaseIterable {
    case normal, urgent, veryUrgent, flash
}

/// The secrecy of a document (độ mật): Law 29/2018/QH14 on the protection of state secrets,
/// Article 8 (Mật, Tối mật, Tuyệt mật).
public enum DocumentConfidentiality: String, Codable, Sendable, CaseIterable {
    case normal, confidential, secret, topSecret
}

/// Which way a register's documents travel: sổ văn bản đến (incoming) or đi (outgoing).
public enum RegisterDirection: String, Codable, Sendable, CaseIterable {
    case incoming, outgoing
}

/// Where an incoming document is in its handling (Decree 30/2020/NĐ-CP, Articles 20 to 24):
/// registered by the clerk, assigned by the leader, handled by the lead unit.
public enum OfficialDocumentStatus: String, Codable, Sendable, CaseIterable {
    case registered, assigned, handled
}
