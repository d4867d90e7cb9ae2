internal import CLibXML2
import Foundation

/// The namespaces the readers care about; anything else (extension lists, markup compatibility) is `.other`.
enum XMLNamespace {
    /// SpreadsheetML main, transitional or Strict.
    case main
    /// officeDocument relationships (`r:id`), transitional or Strict.
    case officeRelationships
    /// Package relationships (`_rels/*.rels`).
    case packageRelationships
    /// No namespace at all (hand-made files); treated like `.main` by the readers.
    case none
    case other

    static func classify(_ uri: UnsafePointer<UInt8>?) -> XMLNamespace {
        guard let uri else { return .none }
        let s = String(cString: uri)
        if s.hasSuffix("spreadsheetml/2006/main") || s.hasSuffix("ooxml/spreadsheetml/main") { return .main }
        if s.hasSuffix("officeDocument/2006/relationships") || s.hasSuffix("ooxml/officeDocument/relationships") {
            return .officeRelationships
        }
        if s.hasSuffix("package/2006/relationships") { return .packageRelationships }
        return .other
    }

    /// Whether an element in this namespace belongs to SpreadsheetML.
    var isSpreadsheet: Bool { self == .main || self == .none }
}

/// An element's local name as libxml2 hands it over (NUL-terminated, owned by the parser's dictionary).
struct XMLName {
    let pointer: UnsafePointer<UInt8>
    let namespace: XMLNamespace

    /// Compares the local name with an ASCII literal without building a `String`.
    @inline(__always)
    func `is`(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        let l = literal.utf8Start
        for i in 0..<n where pointer[i] != l[i] { return false }
        return pointer[n] == 0
    }

    var string: String { String(cString: pointer) }
}

/// The attributes of one start tag: libxml2's array of (localname, prefix, URI, value, end) pointers.
/// Values are not NUL-terminated.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The raw value of the attribute with this local name (in no namespace or any, as given).
    @inline(__always)
    func bytes(_ localName: StaticString, anyNamespace: Bool = false) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for i in 0..<count {
            let p = base + i * 5
            guard let name = p[0] else { continue }
            if !anyNamespace && p[2] != nil { continue }
            if XMLName(pointer: name, namespace: .none).is(localName), let start = p[3], let end = p[4] {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
        }
        return nil
    }

    /// The value of an attribute in the officeDocument relationships namespace (`r:id` under any prefix).
    func relationshipID() -> String? {
        guard let base else { return nil }
        for i in 0..<count {
            let p = base + i * 5
            guard let name = p[0], let start = p[3], let end = p[4] else { continue }
            if XMLName(pointer: name, namespace: .none).is("id"),
                XMLNamespace.classify(p[2]) == .officeRelationships
            {
                return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            }
        }
        return nil
    }

    func string(_ localName: StaticString) -> String? {
        bytes(localName).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// What a streaming reader does with the events of one XML part. Subclasses override the events they need.
///
/// A class rather than a protocol: libxml2 calls back millions of times per sheet, and a class reference
/// passed as the callback context dispatches through the vtable with no retain, release or existential.
class XMLEventHandler {
    /// Set by the handler to stop parsing: the parser throws it after the current chunk, and handlers
    /// ignore the events that follow.
    var failure: SpreadsheetError?
    fileprivate var syntaxError: SpreadsheetError?
    fileprivate var location = InputLocation(file: "")
    fileprivate var context: xmlParserCtxtPtr?
    @exclusivity(unchecked) fileprivate var lastURI: UnsafePointer<UInt8>?
    @exclusivity(unchecked) fileprivate var lastNamespace = XMLNamespace.none

    func startElement(_ name: XMLName, attributes: XMLAttributes) {}
    func endElement(_ name: XMLName) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// libxml2 interns namespace URIs in its dictionary, so consecutive elements share one pointer.
    @inline(__always)
    fileprivate final func namespace(_ uri: UnsafePointer<UInt8>?) -> XMLNamespace {
        guard let uri else { return .none }
        if uri == lastURI { return lastNamespace }
        lastURI = uri
        lastNamespace = XMLNamespace.classify(uri)
        return lastNamespace
    }
}

/// A libxml2 SAX2 push parser fed chunk by chunk (straight from `zip_fread`), so no part is ever held whole.
///
/// Entity substitution, DTD loading and network access are off, and any `<!DOCTYPE>` is refused: no OOXML
/// part has one, and refusing it stops billion-laughs and external-entity attacks at the door.
/// Errors carry libxml2's line and column. Owns its parser context; not `Sendable`.
final class XMLStreamParser {
    private var context: xmlParserCtxtPtr?
    /// Passed to libxml2 as the callback context; kept alive here.
    private let handler: XMLEventHandler
    let location: InputLocation

    init(handler: XMLEventHandler, location: InputLocation) {
        self.handler = handler
        self.location = location
        handler.location = location
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    private func makeContext() -> xmlParserCtxtPtr? {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { ctx, localname, _, uri, _, _, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            Unmanaged<XMLEventHandler>.fromOpaque(ctx)._withUnsafeGuaranteedRef { h in
                h.startElement(
                    XMLName(pointer: localname, namespace: h.namespace(uri)),
                    attributes: XMLAttributes(base: attributes, count: Int(nbAttributes)))
            }
        }
        sax.endElementNs = { ctx, localname, _, uri in
            guard let ctx, let localname else { return }
            Unmanaged<XMLEventHandler>.fromOpaque(ctx)._withUnsafeGuaranteedRef { h in
                h.endElement(XMLName(pointer: localname, namespace: h.namespace(uri)))
            }
        }
        let characters: charactersSAXFunc = { ctx, ch, len in
            guard let ctx, let ch, len > 0 else { return }
            Unmanaged<XMLEventHandler>.fromOpaque(ctx)._withUnsafeGuaranteedRef { h in
                h.characters(UnsafeBufferPointer(start: ch, count: Int(len)))
            }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            let h = Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue()
            h.failure = SpreadsheetError(
                .hostileInput,
                key: "error.hostile-input.dtd",
                location: h.location)
            if let c = h.context { xmlStopParser(c) }
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let h = Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue()
            XMLStreamParser.record(error.pointee, in: h)
        }
        let me = Unmanaged.passUnretained(handler).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, me, nil, 0, nil) else { return nil }
        // No NOENT (entity substitution), no DTDLOAD; NONET forbids fetching anything.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        xmlCtxtUseOptions(ctxt, options)
        handler.context = ctxt
        return ctxt
    }

    private static func record(_ error: xmlError, in handler: XMLEventHandler) {
        guard handler.syntaxError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "malformed XML"
        while message.last?.isWhitespace == true { message.removeLast() }
        var loc = handler.location
        loc.row = Int(error.line)
        loc.column = error.int2 > 0 ? Int(error.int2) : nil
        handler.syntaxError = SpreadsheetError(
            .malformedXML, key: "error.malformed-xml.not-well-formed", ["reason": "\(message)"], location: loc)
    }

    /// Parses the next chunk of the part.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        if context == nil {
            context = makeContext()
            guard context != nil else {
                throw SpreadsheetError(.malformedXML, "cannot create an XML parser", location: location)
            }
        }
        let rc = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
        }
        try check(rc)
    }

    /// Signals the end of the part and reports a document that ended early.
    func finish() throws {
        if context == nil {
            throw SpreadsheetError(.malformedXML, key: "error.malformed-xml.empty-part", location: location)
        }
        let rc = xmlParseChunk(context, nil, 0, 1)
        try check(rc)
    }

    private func check(_ rc: Int32) throws {
        if let failure = handler.failure { throw failure }
        if rc != 0 {
            throw handler.syntaxError
                ?? SpreadsheetError(
                    .malformedXML, key: "error.malformed-xml.libxml2", ["rc": "\(rc)"], location: location)
        }
    }
}

@available(*, unavailable, message: "a libxml2 parser context must stay on one task")
extension XMLStreamParser: Sendable {}

extension ZipArchiveReader {
    /// Streams one entry through a SAX handler.
    func parse(_ entry: Entry, with handler: XMLEventHandler) throws {
        let parser = XMLStreamParser(handler: handler, location: InputLocation(file: displayName, part: entry.name))
        try stream(entry) { try parser.feed($0) }
        try parser.finish()
    }
}
