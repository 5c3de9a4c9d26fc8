import DataPlane

/// Any bytes, fed in chunks whose size the first byte picks: decoding fails cleanly or yields records that encode
/// and decode back to the same records.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let all = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let first = all.first else { return 0 }
    let data = all.dropFirst()
    let chunk = max(1, Int(first))
    var decoder = CSVDecoder(configuration: .init(hasHeader: false, maximumRecordSize: 1 << 20))
    var records: [CSVRecord] = []
    do {
        var offset = data.startIndex
        while offset < data.endIndex {
            let end = min(data.endIndex, offset + chunk)
            records += try decoder.feed(data[offset..<end])
            offset = end
        }
        records += try decoder.finish()
    } catch {
        return 0
    }
    var encoder = CSVEncoder()
    for record in records {
        do { try encoder.writeRecord(record) } catch { fatalError("a decoded record does not encode: \(error)") }
    }
    guard let encoded = try? encoder.finish() else { fatalError("encoder.finish failed") }
    var again = CSVDecoder(configuration: .init(hasHeader: false, maximumRecordSize: 1 << 20))
    guard let decoded = try? again.feed(encoded) + again.finish() else {
        fatalError("Ferry's own CSV output does not decode")
    }
    precondition(decoded == records, "CSV round trip changed the records")
    return 0
}
