internal import CMariaDB

/// An executed prepared statement whose rows are still on the server, with stable result buffers.
///
/// Lives inside ``MySQLSession`` and is used only on its thread. Buffers are allocated once and reused for every
/// row (Connector/C requires `MYSQL_BIND` memory to stay put until the statement is closed).
final class MySQLCursor {
    /// How one column's value is read out of its bind buffer.
    enum Kind {
        case signed, unsigned, float, double, temporal, bytes
    }

    let stmt: UnsafeMutablePointer<MYSQL_STMT>
    let columns: [SQLColumn]
    let kinds: [Kind]
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let errors: UnsafeMutablePointer<my_bool>
    private let buffers: [UnsafeMutableRawPointer]
    private let capacities: [Int]
    private var isClosed = false
    var isExhausted = false

    /// The column description, read kind, bind type and buffer size for one result field.
    static func describe(_ field: MYSQL_FIELD) -> (column: SQLColumn, kind: Kind, bufferType: enum_field_types, capacity: Int) {
        let name = field.name.map { String(cString: $0) } ?? ""
        let flags = field.flags
        let isUnsigned = flags & FERRY_UNSIGNED_FLAG != 0
        let isNullable = flags & FERRY_NOT_NULL_FLAG == 0
        let isBinaryCharset = field.charsetnr == 63
        let decimals = Int(field.decimals)
        let length = Int(field.length)
        var maxCharLength = 1
        if !isBinaryCharset, let charset = mariadb_get_charset_by_nr(field.charsetnr) {
            maxCharLength = max(Int(charset.pointee.char_maxlen), 1)
        }
        let characters = length / maxCharLength
        // The pointer is valid only inside the closure: the library must read the field there (an escaped pointer
        // to this copy crashed the release build).
        let isJSON = withUnsafePointer(to: field) { pointer in
            var attribute = MARIADB_CONST_STRING()
            guard mariadb_field_attr(&attribute, pointer, MARIADB_FIELD_ATTR_FORMAT_NAME) == 0,
                attribute.length == 4, let text = attribute.str
            else { return false }
            return String(decoding: UnsafeRawBufferPointer(start: text, count: 4), as: UTF8.self).lowercased() == "json"
        }
        func integer(_ bits: Int) -> (SQLColumn, Kind, enum_field_types, Int) {
            (SQLColumn(name: name, type: .integer(bits: bits, isSigned: !isUnsigned), isNullable: isNullable),
             isUnsigned ? .unsigned : .signed, MYSQL_TYPE_LONGLONG, 8)
        }
        func bytes(_ type: SQLType) -> (SQLColumn, Kind, enum_field_types, Int) {
            let capacity = min(max(length, 64), 64 * 1024)
            return (SQLColumn(name: name, type: type, isNullable: isNullable), .bytes, MYSQL_TYPE_BLOB, capacity)
        }
        func temporal(_ type: SQLType) -> (SQLColumn, Kind, enum_field_types, Int) {
            (SQLColumn(name: name, type: type, isNullable: isNullable), .temporal, field.type,
             MemoryLayout<MYSQL_TIME>.stride)
        }
        let fraction = decimals > 6 ? 0 : decimals
        switch field.type {
        case MYSQL_TYPE_TINY: return integer(8)
        case MYSQL_TYPE_SHORT: return integer(16)
        case MYSQL_TYPE_INT24: return integer(24)
        case MYSQL_TYPE_LONG: return integer(32)
        case MYSQL_TYPE_LONGLONG: return integer(64)
        case MYSQL_TYPE_YEAR:
            return (SQLColumn(name: name, type: .integer(bits: 16, isSigned: false), isNullable: isNullable),
                    .unsigned, MYSQL_TYPE_LONGLONG, 8)
        case MYSQL_TYPE_FLOAT:
            return (SQLColumn(name: name, type: .float, isNullable: isNullable), .float, MYSQL_TYPE_FLOAT, 4)
        case MYSQL_TYPE_DOUBLE:
            return (SQLColumn(name: name, type: .double, isNullable: isNullable), .double, MYSQL_TYPE_DOUBLE, 8)
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL:
            let precision = max(length - (decimals > 0 ? 1 : 0) - (isUnsigned ? 0 : 1), 1)
            return bytes(.decimal(precision: precision, scale: decimals))
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return temporal(.date)
        case MYSQL_TYPE_TIME: return temporal(.time(precision: fraction))
        case MYSQL_TYPE_DATETIME: return temporal(.timestamp(precision: fraction, hasTimeZone: false))
        case MYSQL_TYPE_TIMESTAMP: return temporal(.timestamp(precision: fraction, hasTimeZone: true))
        case MYSQL_TYPE_STRING:
            if isBinaryCharset { return bytes(.binary(length: length)) }
            if flags & (FERRY_ENUM_FLAG | FERRY_SET_FLAG) != 0 { return bytes(.varchar(length: characters)) }
            return bytes(.char(length: characters))
        case MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_VARCHAR:
            return bytes(isBinaryCharset ? .varbinary(length: length) : .varchar(length: characters))
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB:
            if isJSON { return bytes(.json) }
            return bytes(isBinaryCharset ? .blob : .text)
        case MYSQL_TYPE_JSON: return bytes(.json)
        case MYSQL_TYPE_BIT: return bytes(.binary(length: (length + 7) / 8))
        case MYSQL_TYPE_GEOMETRY: return bytes(.blob)
        default: return bytes(.text)
        }
    }

    init(stmt: UnsafeMutablePointer<MYSQL_STMT>, fields: UnsafeBufferPointer<MYSQL_FIELD>) {
        self.stmt = stmt
        let count = max(fields.count, 1)
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        nulls = .allocate(capacity: count)
        nulls.initialize(repeating: 0, count: count)
        errors = .allocate(capacity: count)
        errors.initialize(repeating: 0, count: count)
        var columns: [SQLColumn] = []
        var kinds: [Kind] = []
        var buffers: [UnsafeMutableRawPointer] = []
        var capacities: [Int] = []
        for (i, field) in fields.enumerated() {
            let (column, kind, bufferType, capacity) = Self.describe(field)
            columns.append(column)
            kinds.append(kind)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            buffers.append(buffer)
            capacities.append(capacity)
            binds[i].buffer_type = bufferType
            binds[i].buffer = buffer
            binds[i].buffer_length = UInt(capacity)
            binds[i].length = lengths + i
            binds[i].is_null = nulls + i
            binds[i].error = errors + i
            binds[i].is_unsigned = kind == .unsigned ? 1 : 0
        }
        self.columns = columns
        self.kinds = kinds
        self.buffers = buffers
        self.capacities = capacities
    }

    /// Frees the statement (discarding unread rows) and the buffers. Idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        mysql_stmt_free_result(stmt)
        mysql_stmt_close(stmt)
    }

    deinit {
        close()
        for buffer in buffers { buffer.deallocate() }
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
    }

    /// Appends the fetched row's fields in canonical form.
    func appendRow(to builder: inout SQLRowBatchBuilder) {
        for i in 0..<kinds.count {
            if nulls[i] != 0 {
                builder.appendNull()
                continue
            }
            let buffer = buffers[i]
            switch kinds[i] {
            case .signed:
                builder.appendInteger(buffer.loadUnaligned(as: Int64.self))
            case .unsigned:
                builder.appendUnsigned(buffer.loadUnaligned(as: UInt64.self))
            case .float:
                builder.appendText(SQLValueFormat.floatText(buffer.loadUnaligned(as: Float.self)))
            case .double:
                builder.appendText(SQLValueFormat.doubleText(buffer.loadUnaligned(as: Double.self)))
            case .temporal:
                appendTemporal(buffer.load(as: MYSQL_TIME.self), type: columns[i].type, to: &builder)
            case .bytes:
                let total = Int(lengths[i])
                let capacity = capacities[i]
                if total <= capacity {
                    builder.append(buffer, count: total)
                } else {
                    appendLong(column: i, total: total, head: buffer, capacity: capacity, to: &builder)
                }
            }
        }
    }

    /// Fetches the rest of a value longer than its buffer with `mysql_stmt_fetch_column`.
    private func appendLong(
        column: Int, total: Int, head: UnsafeMutableRawPointer, capacity: Int, to builder: inout SQLRowBatchBuilder
    ) {
        builder.bytes.append(contentsOf: UnsafeRawBufferPointer(start: head, count: capacity))
        let rest = total - capacity
        var length: UInt = 0
        var isNull: my_bool = 0
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(rest, 1), alignment: 16)
        defer { scratch.deallocate() }
        var bind = MYSQL_BIND()
        bind.buffer_type = binds[column].buffer_type
        bind.buffer = scratch
        bind.buffer_length = UInt(rest)
        withUnsafeMutablePointer(to: &length) { lengthPointer in
            withUnsafeMutablePointer(to: &isNull) { nullPointer in
                bind.length = lengthPointer
                bind.is_null = nullPointer
                _ = mysql_stmt_fetch_column(stmt, &bind, UInt32(column), UInt(capacity))
            }
        }
        builder.bytes.append(contentsOf: UnsafeRawBufferPointer(start: scratch, count: rest))
        builder.endField()
    }

    private func appendTemporal(_ time: MYSQL_TIME, type: SQLType, to builder: inout SQLRowBatchBuilder) {
        let micro = Int(time.second_part)
        switch type {
        case .date:
            SQLValueFormat.appendDate(year: Int(time.year), month: Int(time.month), day: Int(time.day), to: &builder.bytes)
        case .time(let precision):
            if time.neg != 0 { builder.bytes.append(UInt8(ascii: "-")) }
            SQLValueFormat.appendTime(
                hour: Int(time.day) * 24 + Int(time.hour), minute: Int(time.minute), second: Int(time.second),
                microseconds: micro, precision: precision, to: &builder.bytes)
        case .timestamp(let precision, let hasTimeZone):
            SQLValueFormat.appendDate(year: Int(time.year), month: Int(time.month), day: Int(time.day), to: &builder.bytes)
            builder.bytes.append(UInt8(ascii: "T"))
            SQLValueFormat.appendTime(
                hour: Int(time.hour), minute: Int(time.minute), second: Int(time.second), microseconds: micro,
                precision: precision, to: &builder.bytes)
            if hasTimeZone { builder.bytes.append(UInt8(ascii: "Z")) }
        default:
            break
        }
        builder.endField()
    }
}

/// Parameter buffers for a prepared statement; they must outlive `mysql_stmt_execute`.
final class MySQLParameterBindings {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private var allocations: [UnsafeMutableRawPointer] = []
    private let lengths: UnsafeMutablePointer<UInt>
    private let count: Int

    init(_ values: [SQLValue]) {
        count = max(values.count, 1)
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        for (i, value) in values.enumerated() {
            func store<T>(_ x: T, _ type: enum_field_types) {
                let p = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
                p.storeBytes(of: x, as: T.self)
                allocations.append(p)
                binds[i].buffer = p
                binds[i].buffer_type = type
            }
            func storeBytes(_ bytes: some Collection<UInt8>, _ type: enum_field_types) {
                let n = bytes.count
                let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1), alignment: 1)
                UnsafeMutableRawBufferPointer(start: p, count: n).copyBytes(from: bytes)
                allocations.append(p)
                binds[i].buffer = p
                binds[i].buffer_type = type
                binds[i].buffer_length = UInt(n)
                lengths[i] = UInt(n)
                binds[i].length = lengths + i
            }
            switch value {
            case .null: binds[i].buffer_type = MYSQL_TYPE_NULL
            case .boolean(let b): store(Int8(b ? 1 : 0), MYSQL_TYPE_TINY)
            case .integer(let v): store(v, MYSQL_TYPE_LONGLONG)
            case .unsignedInteger(let v):
                store(v, MYSQL_TYPE_LONGLONG)
                binds[i].is_unsigned = 1
            case .double(let v): store(v, MYSQL_TYPE_DOUBLE)
            case .text(let s): storeBytes(s.utf8, MYSQL_TYPE_STRING)
            case .binary(let b): storeBytes(b, MYSQL_TYPE_BLOB)
            }
        }
    }

    deinit {
        for p in allocations { p.deallocate() }
        binds.deallocate()
        lengths.deallocate()
    }
}
