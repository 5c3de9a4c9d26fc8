import JSONValue
import JSONata
import Testing

@Suite("Array, object and higher-order functions")
struct CollectionFunctionTests {
    static let cases: [Case] = [
        // $append
        Case("$append([1,2], [3,4])", "[1,2,3,4]"),
        Case("$append(1, 2)", "[1,2]"),
        Case("$append([1], 2)", "[1,2]"),
        Case("$append(nothing, [1])", "[1]"),
        Case("$append([1], nothing)", "[1]"),
        Case("$append(nothing, nothing)", nil),
        // $reverse
        Case("$reverse([1,2,3])", "[3,2,1]"),
        Case("$reverse([])", "[]"),
        Case("$reverse(nothing)", nil),
        // $sort
        Case("$sort([3,1,2])", "[1,2,3]"),
        Case("$sort(['b','c','a'])", #"["a","b","c"]"#),
        Case("$sort([3,1,2], function($a, $b){ $a < $b })", "[3,2,1]"),
        Case(
            "$sort([{'n':2,'v':'a'},{'n':1,'v':'b'},{'n':2,'v':'c'}], function($l, $r){ $l.n > $r.n }).v",
            #"["b","a","c"]"#),
        Case("$sort([1])", "[1]"),
        Case("$sort(nothing)", nil),
        // $shuffle keeps the members
        Case("$count($shuffle([1,2,3,4]))", "4"),
        Case("$sort($shuffle([3,1,2]))", "[1,2,3]"),
        // $distinct
        Case("$distinct([1,2,2,3,1])", "[1,2,3]"),
        Case("$distinct(['a','b','a'])", #"["a","b"]"#),
        Case("$distinct([{'a':1},{'a':1},{'a':2}])", #"[{"a":1},{"a":2}]"#),
        Case("$distinct([[1],[1]])", "[[1]]"),
        Case("$distinct(5)", "5"),
        // $zip
        Case("$zip([1,2,3], [4,5,6])", "[[1,4],[2,5],[3,6]]"),
        Case("$zip([1,2,3], [4,5], [7,8,9])", "[[1,4,7],[2,5,8]]"),
        Case("$zip(1, 2)", "[[1,2]]"),
        Case("$zip([1], [])", "[]"),
        // $keys
        Case("$keys({'a':1,'b':2})", #"["a","b"]"#),
        Case("$keys({'a':1})", #""a""#),
        Case("$keys([{'a':1},{'b':2},{'a':3}])", #"["a","b"]"#),
        Case("$keys({})", nil),
        Case("$keys(5)", nil),
        // $lookup
        Case("$lookup({'a':1,'b':2}, 'b')", "2"),
        Case("$lookup({'a':1}, 'z')", nil),
        Case("$lookup([{'a':1},{'a':2}], 'a')", "[1,2]"),
        // $spread
        Case("$spread({'a':1,'b':2})", #"[{"a":1},{"b":2}]"#),
        Case("$spread([{'a':1},{'b':2,'c':3}])", #"[{"a":1},{"b":2},{"c":3}]"#),
        Case("$spread(5)", "5"),
        // $merge
        Case("$merge([{'a':1},{'b':2},{'a':3}])", #"{"a":3,"b":2}"#),
        Case("$merge([])", "{}"),
        Case("$merge({'a':1})", #"{"a":1}"#),
        Case("$merge(nothing)", nil),
        // $each
        Case("$each({'a':1,'b':2}, function($v, $k){ $k & '=' & $v })", #"["a=1","b=2"]"#),
        Case("$each({'a':1}, function($v){ $v * 10 })", "10"),
        // $sift
        Case("$sift({'a':1,'b':2,'c':3}, function($v){ $v > 1 })", #"{"b":2,"c":3}"#),
        Case("$sift({'ab':1,'b':2}, function($v, $k){ $contains($k, 'a') })", #"{"ab":1}"#),
        Case("$sift({'a':1}, function($v){ false })", nil),
        // $type
        Case("$type(1)", #""number""#),
        Case("$type('a')", #""string""#),
        Case("$type(true)", #""boolean""#),
        Case("$type(null)", #""null""#),
        Case("$type([])", #""array""#),
        Case("$type({})", #""object""#),
        Case("$type(function(){1})", #""function""#),
        Case("$type($sum)", #""function""#),
        Case("$type(nothing)", nil),
        // $assert
        Case("$assert(true, 'fine')", nil),
        // $map $filter $single $reduce
        Case("$map([1,2,3], function($v){ $v * 2 })", "[2,4,6]"),
        Case("$map([1,2,3], $string)", #"["1","2","3"]"#),
        Case("$map([1], function($v){ $v })", "1"),
        Case("$map(5, function($v){ $v + 1 })", "6"),
        Case("$map([1,2], function($v){ nothing })", nil),
        Case("$map(nothing, function($v){ $v })", nil),
        Case("$filter([1,2,3,4], function($v){ $v % 2 = 0 })", "[2,4]"),
        Case("$filter([1,2,3,4], function($v, $i){ $i < 2 })", "[1,2]"),
        Case("$filter([1,2,3], function($v){ $v > 2 })", "3"),
        Case("$filter([1,2,3], function($v){ $v > 5 })", nil),
        Case("$single([1,2,3], function($v){ $v = 2 })", "2"),
        Case("$single([7])", "7"),
        Case("$reduce([1,2,3,4], function($acc, $v){ $acc + $v })", "10"),
        Case("$reduce([1,2,3,4], function($acc, $v){ $acc + $v }, 10)", "20"),
        Case("$reduce([1,2,3], function($acc, $v, $i){ $acc + $i })", "4"),
        Case("$reduce([], function($acc, $v){ $acc + $v })", nil),
        Case("$reduce([5], function($acc, $v){ $acc + $v })", "5"),
        Case("$reduce(['a','b','c'], function($acc, $v){ $acc & $v })", #""abc""#),
        // functions as values
        Case("($f := $uppercase; $f('x'))", #""X""#),
        Case("[$sum, $max].$([1,5,2])", "[8,5]"),
        Case("$map([$uppercase, $lowercase], function($f){ $f('Ab') })", #"["AB","ab"]"#),
        // $now and $millis are fixed for one evaluation
        Case("$now()", #""2018-06-02T12:34:56.789Z""#),
        Case("$millis()", "1527942896789"),
        Case("$now() = $now()", "true"),
        Case("$millis() = $millis()", "true"),
        Case("$now('[Y0001]-[M01]-[D01]')", #""2018-06-02""#),
        Case("$now('[H01]:[m01]', '-0500')", #""07:34""#),
    ]

    @Test(arguments: cases)
    func function(_ c: Case) throws {
        try check(c)
    }

    static let errors: [ErrorCase] = [
        ErrorCase("$sort([1,'a'])", "D3070"),
        ErrorCase("$sort([{'a':1},{'a':2}])", "D3070"),
        ErrorCase("$single([1,2])", "D3138"),
        ErrorCase("$single([1,2], function($v){ $v > 5 })", "D3139"),
        ErrorCase("$reduce([1,2], function($v){ $v })", "D3050"),
        ErrorCase("$error('custom message')", "D3137"),
        ErrorCase("$error()", "D3137"),
        ErrorCase("$assert(false, 'broken')", "D3141"),
        ErrorCase("$assert(1 = 2)", "D3141"),
        ErrorCase("$map([1], 5)", "T0410"),
        ErrorCase("$merge([1])", "T0412"),
        ErrorCase("$each([1], function($v){$v})", "T0410"),
    ]

    @Test(arguments: errors)
    func error(_ c: ErrorCase) {
        checkError(c)
    }

    @Test func errorFunctionMessage() {
        do {
            _ = try evaluate("$error('custom message')")
        } catch let error as JSONataError {
            #expect(error.message == "custom message")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func customFunctions() throws {
        let double = JSONataFunction(name: "double", signature: "<n:n>") { args, _ in
            guard case .integer(let i)? = args[0] else { return nil }
            return .integer(i * 2)
        }
        let context = JSONataFunction(name: "ctx", signature: "<x-:x>") { args, _ in args[0] }
        let expr = try CompiledJSONata(
            compiling: "[$double(21), a.$ctx(), $map([1,2], $double)]", functions: [double, context])
        let result = try expr.evaluate(input: ["a": "x"])
        #expect(result == [42, "x", 2, 4], "\(String(describing: result))")
        let failing = JSONataFunction(name: "fail") { _, _ in
            throw JSONataError(code: "X0001", message: "failed on purpose")
        }
        let bad = try CompiledJSONata(compiling: "$fail()", functions: [failing])
        #expect(throws: JSONataError(code: "X0001", message: "failed on purpose", position: 6)) {
            try bad.evaluate(input: nil)
        }
    }

    @Test func bindingsAreVisible() throws {
        let expr = try CompiledJSONata(compiling: "$x + $y.z")
        #expect(try expr.evaluate(input: nil, bindings: ["x": 1, "y": ["z": 2]]) == 3)
    }
}
