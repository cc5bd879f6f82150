import Mustache

/// A value of a page model as templates read it: text, a number or a flag as itself, a list, or an
/// object whose properties are found by name.
indirect enum TemplateValue: Hashable, Sendable {
    case text(String)
    case flag(Bool)
    case integer(Int64)
    case number(Double)
    case object(TemplateObject)
    case list([TemplateValue])

    /// The value as the mustache library renders it.
    var mustacheValue: Any {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag
        case .integer(let integer): integer
        case .number(let number): number
        case .object(let object): object
        case .list(let items): items.map(\.mustacheValue)
        }
    }

    /// Text compares and hashes by its bytes: the same as canonical equivalence for a page's text,
    /// without normalising Vietnamese text on every comparison (a page cache key's largest cost).
    static func == (left: TemplateValue, right: TemplateValue) -> Bool {
        switch (left, right) {
        case (.text(var a), .text(var b)): a.withUTF8 { a in b.withUTF8 { b in a.elementsEqual(b) } }
        case (.flag(let a), .flag(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.object(let a), .object(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        switch self {
        case .text(var text):
            hasher.combine(0)
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        case .flag(let flag): hasher.combine(flag)
        case .integer(let integer): hasher.combine(integer)
        case .number(let number): hasher.combine(number)
        case .object(let object): hasher.combine(object)
        case .list(let items): hasher.combine(items)
        }
    }
}

/// An encoded object of a page model: its properties by name, an absent optional left out.
struct TemplateObject: MustacheParent, Hashable, Sendable {
    var values: [String: TemplateValue] = [:]

    func child(named name: String) -> Any? { values[name]?.mustacheValue }
}

/// Encodes a page model once into a `TemplateObject`. Reading the model itself by reflection walked
/// every property of a value for each name a template asked for, and took about half of a page's time;
/// an encoded model is also a value that two renders can be compared by (see `RenderedPages`). No
/// coding path is kept: nothing a page model encodes can fail.
enum TemplateEncoder {
    /// The properties of `model`; a model that is not a keyed value has none.
    static func object(_ model: some Encodable) throws -> TemplateObject {
        guard case .object(let object) = try value(model) else { return TemplateObject() }
        return object
    }

    /// `value` encoded: primitives as they are, anything else through its `Encodable` conformance.
    static func value(_ value: some Encodable) throws -> TemplateValue? {
        switch value {
        case let text as String: return .text(text)
        case let flag as Bool: return .flag(flag)
        case let number as Int: return .integer(Int64(number))
        case let number as Double: return .number(number)
        case let number as any BinaryInteger: return Int64(exactly: number).map { .integer($0) } ?? .text("\(number)")
        case let number as any BinaryFloatingPoint: return .number(Double(number))
        default:
            let encoder = Node()
            try value.encode(to: encoder)
            return encoder.built?.frozen
        }
    }

    /// What an encoder's container holds.
    enum Built {
        case value(TemplateValue)
        case object(ObjectBuilder)
        case list(ListBuilder)

        var frozen: TemplateValue {
            switch self {
            case .value(let value): value
            case .object(let object): .object(object.frozen)
            case .list(let list): .list(list.frozen)
            }
        }
    }

    /// The properties written into an object: values, and the containers still being written.
    final class ObjectBuilder {
        var values: [String: TemplateValue] = [:]
        var nested: [String: Built] = [:]

        var frozen: TemplateObject {
            var object = TemplateObject(values: values)
            for (name, built) in nested { object.values[name] = built.frozen }
            return object
        }
    }

    /// The items written into a list: values, or the containers still being written.
    final class ListBuilder {
        var items: [Built] = []
        var frozen: [TemplateValue] { items.map(\.frozen) }
    }

    /// The encoder of one value; its containers write into `built`.
    final class Node: Encoder {
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var built: Built?

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let object) = built { return KeyedEncodingContainer(Keyed(object: object)) }
            let object = ObjectBuilder()
            built = .object(object)
            return KeyedEncodingContainer(Keyed(object: object))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .list(let list) = built { return Unkeyed(list: list) }
            let list = ListBuilder()
            built = .list(list)
            return Unkeyed(list: list)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: self) }
    }

    /// Properties written into an object; a nil property is left out.
    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: ObjectBuilder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { object.values[key.stringValue] = nil }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            object.values[key.stringValue] = try TemplateEncoder.value(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = ObjectBuilder()
            object.nested[key.stringValue] = .object(nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(object: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let list = ListBuilder()
            object.nested[key.stringValue] = .list(list)
            return Unkeyed(list: list)
        }

        mutating func superEncoder() -> any Encoder { Node() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Node() }
    }

    /// Items appended to a list; a nil item is left out.
    struct Unkeyed: UnkeyedEncodingContainer {
        let list: ListBuilder
        var codingPath: [any CodingKey] { [] }
        var count: Int { list.items.count }

        mutating func encodeNil() throws {}

        mutating func encode<T: Encodable>(_ value: T) throws {
            if let item = try TemplateEncoder.value(value) { list.items.append(.value(item)) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBuilder()
            list.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(object: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ListBuilder()
            list.items.append(.list(nested))
            return Unkeyed(list: nested)
        }

        mutating func superEncoder() -> any Encoder { Node() }
    }

    /// A value written as a single value (a raw-value enumeration, a wrapper).
    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.built = nil }
        mutating func encode<T: Encodable>(_ value: T) throws { node.built = try TemplateEncoder.value(value).map { .value($0) } }
    }
}
