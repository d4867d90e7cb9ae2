internal import CLibXML2
import Foundation

/// A small XML document read whole (a package manifest, a directory entry): elements with their attributes, text
/// and children. For sheets, which are large, the readers stream with `XMLStreamParser` instead.
package struct XMLElement: Sendable, Equatable {
    package let name: String
    package let namespace: String?
    package let attributes: [String: String]
    package let children: [XMLElement]
    /// The element's own text (its text children joined).
    package let text: String

    /// The first child element called `name`.
    package func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
}

/// Parses small documents with libxml2: network access, entity substitution and DTD loading off, a document with a
/// DOCTYPE refused before anything else, and, when given, validation against an XML Schema (XSD).
package enum XMLDocument {
    /// The most bytes a document read whole may have.
    package static let maxBytes = 1 << 20

    /// Parses `bytes` and validates it against `schema` (XSD bytes) when given.
    /// - Throws: `SpreadsheetError(.hostileInput)` for a DOCTYPE or an oversized document, `.malformedXML` for
    ///   XML that is not well-formed or not valid against the schema (with libxml2's reason).
    package static func parse(_ bytes: [UInt8], schema: [UInt8]? = nil, location: InputLocation) throws -> XMLElement {
        guard bytes.count <= maxBytes else {
            throw SpreadsheetError(
                .hostileInput, key: "error.hostile-input.xml-document-size",
                ["size": "\(bytes.count)", "limit": "\(maxBytes)"], location: location)
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue)
        let errors = ErrorSink()
        let doc = bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in
                xmlReadMemory(c.baseAddress, Int32(c.count), nil, nil, options)
            }
        }
        guard let doc else {
            throw SpreadsheetError(.malformedXML, key: "error.malformed-xml.xml-not-well-formed", location: location)
        }
        defer { xmlFreeDoc(doc) }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw SpreadsheetError(
                .hostileInput, key: "error.hostile-input.xml-dtd", location: location)
        }
        if let schema { try validate(doc, schema: schema, errors: errors, location: location) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw SpreadsheetError(.malformedXML, key: "error.malformed-xml.xml-no-root", location: location)
        }
        return element(root)
    }

    /// Compiled schemas by their text: compiling the package schema took longer than validating a manifest, and a
    /// superior imports thousands of packages in one command. A compiled schema is only read by validation, so the
    /// contexts share it; it lives as long as the process.
    nonisolated(unsafe) private static var compiledSchemas: [[UInt8]: xmlSchemaPtr] = [:]
    private static let schemaLock = NSLock()

    private static func compiled(_ schema: [UInt8], location: InputLocation) throws -> xmlSchemaPtr {
        schemaLock.lock()
        defer { schemaLock.unlock() }
        if let done = compiledSchemas[schema] { return done }
        let parser = schema.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { xmlSchemaNewMemParserCtxt($0.baseAddress, Int32($0.count)) }
        }
        guard let parser else {
            throw SpreadsheetError(.invalidArgument, "the schema cannot be read", location: location)
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let compiled = xmlSchemaParse(parser) else {
            throw SpreadsheetError(.invalidArgument, "the schema is not a valid XML Schema", location: location)
        }
        compiledSchemas[schema] = compiled
        return compiled
    }

    private static func validate(_ doc: xmlDocPtr, schema: [UInt8], errors: ErrorSink, location: InputLocation) throws {
        let compiled = try compiled(schema, location: location)
        guard let context = xmlSchemaNewValidCtxt(compiled) else {
            throw SpreadsheetError(.invalidArgument, "cannot validate against the schema", location: location)
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let box = Unmanaged.passUnretained(errors).toOpaque()
        xmlSchemaSetValidStructuredErrors(
            context,
            { userData, error in
                guard let userData, let error else { return }
                let sink = Unmanaged<ErrorSink>.fromOpaque(userData).takeUnretainedValue()
                let message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
                sink.messages.append(
                    "line \(error.pointee.line): " + message.trimmingCharacters(in: .whitespacesAndNewlines))
            }, box)
        if xmlSchemaValidateDoc(context, doc) != 0 {
            throw SpreadsheetError(
                .malformedXML,
                key: "error.malformed-xml.xml-schema",
                ["errors": "\(errors.messages.prefix(3).joined(separator: "; "))"],
                location: location)
        }
    }

    private static func element(_ node: xmlNodePtr) -> XMLElement {
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let a = attribute {
            let name = String(cString: a.pointee.name)
            attributes[name] = a.pointee.children.flatMap { $0.pointee.content }.map { String(cString: $0) } ?? ""
            attribute = a.pointee.next
        }
        var children: [XMLElement] = []
        var text = ""
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE: children.append(element(c))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: text += c.pointee.content.map { String(cString: $0) } ?? ""
            default: break
            }
            child = c.pointee.next
        }
        return XMLElement(
            name: String(cString: node.pointee.name),
            namespace: node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) },
            attributes: attributes, children: children, text: text)
    }

    /// Collects the validator's messages (reached from a C callback).
    private final class ErrorSink {
        var messages: [String] = []
    }
}
