/// Migration 39: outgoing documents addressed to a person (citizen ID number) or a business (tax
/// code). `holder_number` holds the number; at issue the recipient is delivered to the verified
/// account holding it (`inAccount`) or marked `noAccount`, and the account lists it by that number.
enum Migration0039RecipientHolders {
    static let migration = Migration(version: 39, name: "outgoing recipient holders") { _ in
        [
            "ALTER TABLE outgoing_recipients ADD COLUMN holder_number TEXT",
            "CREATE INDEX outgoing_recipients_holder ON outgoing_recipients (holder_number, delivery)",
        ]
    }
}
