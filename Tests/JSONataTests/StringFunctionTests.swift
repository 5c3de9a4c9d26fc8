import JSONValue
import JSONata
import Testing

@Suite("String functions")
struct StringFunctionTests {
    static let cases: [Case] = [
        // $string
        Case("$string(5)", #""5""#),
        Case("$string('x')", #""x""#),
        Case("$string(true)", #""true""#),
        Case("$string(null)", #""null""#),
        Case("$string(nothing)", nil),
        Case("$string([1,'a',true])", #""[1,\"a\",true]""#),
        Case("$string({'a':[1,{'b':2}]})", #""{\"a\":[1,{\"b\":2}]}""#),
        Case("$string({'a':1,'b':[2]}, true)", #""{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}""#),
        Case("$string(0.1 + 0.2)", #""0.3""#),
        Case("$string(1/3)", #""0.333333333333333""#),
        Case("$string(1e21)", #""1e+21""#),
        Case("$string(1e20)", #""100000000000000000000""#),
        Case("$string(0.000001)", #""0.000001""#),
        Case("$string(1e-7)", #""1e-7""#),
        Case("$string(-0.5)", #""-0.5""#),
        Case("$string(123456789012)", #""123456789012""#),
        Case("$string(big_id)", #""5890840712243076""#, input: #"{"big_id": 5890840712243076}"#),
        Case(
            "$string({'n': 78.8 / 2, 'f': $sum, 'a': []}, true)",
            #""{\n  \"n\": 39.4,\n  \"f\": \"\",\n  \"a\": []\n}""#),
        Case("$string(function(){1})", #""""#),
        Case("$string({'f': function(){1}})", #""{\"f\":\"\"}""#),
        Case("$string('tab\there')", #""tab\there""#),
        Case("$string(['q\"uote'])", #""[\"q\\\"uote\"]""#),
        Case("5 ~> $string()", #""5""#),
        Case("a.$string()", #"["1","2"]"#, input: #"{"a":[1,2]}"#),
        // $length
        Case("$length('hello')", "5"),
        Case("$length('')", "0"),
        Case("$length('héllo')", "5"),
        Case("$length('😀a')", "2"),
        Case("$length(nothing)", nil),
        Case("('abc').$length()", "3"),
        Case("'abc'.$length()", nil),
        // $substring
        Case("$substring('Hello World', 3)", #""lo World""#),
        Case("$substring('Hello World', 3, 5)", #""lo Wo""#),
        Case("$substring('Hello World', -4)", #""orld""#),
        Case("$substring('Hello World', -4, 2)", #""or""#),
        Case("$substring('Hello', 0, 0)", #""""#),
        Case("$substring('Hello', 2, -1)", #""""#),
        Case("$substring('Hello', 10)", #""""#),
        Case("$substring('Hello', -10, 2)", #""He""#),
        Case("$substring('😀ab', 1, 1)", #""a""#),
        Case("$substring(nothing, 1)", nil),
        // $substringBefore / $substringAfter
        Case("$substringBefore('Hello World', ' ')", #""Hello""#),
        Case("$substringBefore('Hello World', 'x')", #""Hello World""#),
        Case("$substringBefore('Hello World', '')", #""""#),
        Case("$substringAfter('Hello World', ' ')", #""World""#),
        Case("$substringAfter('Hello World', 'x')", #""Hello World""#),
        Case("$substringAfter('a-b-c', '-')", #""b-c""#),
        Case("$substringAfter(nothing, '-')", nil),
        // case
        Case("$uppercase('Hello World')", #""HELLO WORLD""#),
        Case("$lowercase('Hello World')", #""hello world""#),
        Case("$uppercase(nothing)", nil),
        // $trim
        Case("$trim('  Hello \n  World  ')", #""Hello World""#),
        Case("$trim('\t\tx\r\n')", #""x""#),
        Case("$trim('')", #""""#),
        // $pad
        Case("$pad('foo', 5)", #""foo  ""#),
        Case("$pad('foo', -5)", #""  foo""#),
        Case("$pad('foo', -5, '#')", ###""##foo""###),
        Case("$pad('5', 3, '0')", #""500""#),
        Case("$pad('foo', 8, 'ab')", #""fooababa""#),
        Case("$pad('foo', 2)", #""foo""#),
        Case("$pad(nothing, 2)", nil),
        // $contains
        Case("$contains('abracadabra', 'bra')", "true"),
        Case("$contains('abracadabra', 'xyz')", "false"),
        Case("$contains('abracadabra', /a.*a/)", "true"),
        Case("$contains('abracadabra', /ar.*a/)", "false"),
        Case("$contains('Hello', /^hello$/i)", "true"),
        Case("$contains(nothing, 'a')", nil),
        // $split
        Case("$split('so many words', ' ')", #"["so","many","words"]"#),
        Case("$split('so many words', ' ', 2)", #"["so","many"]"#),
        Case(
            "$split('too much, punctuation. hard; to read', /[ ,.;]+/)",
            #"["too","much","punctuation","hard","to","read"]"#),
        Case("$split('abc', '')", #"["a","b","c"]"#),
        Case("$split('a,b,', ',')", #"["a","b",""]"#),
        Case("$split('', ',')", #"[""]"#),
        Case("$split('a,b,c', ',', 0)", "[]"),
        Case("$split(nothing, ',')", nil),
        // $join
        Case("$join(['a','b','c'])", #""abc""#),
        Case("$join(['a','b','c'], ', ')", #""a, b, c""#),
        Case("$join([], ',')", #""""#),
        Case("$join('solo', ',')", #""solo""#),
        Case("$join(nothing)", nil),
        // $match
        Case(
            "$match('ababbabbcc', /a(b+)/)",
            #"[{"match":"ab","index":0,"groups":["b"]},{"match":"abb","index":2,"groups":["bb"]},{"match":"abb","index":5,"groups":["bb"]}]"#
        ),
        Case("$match('ababbabbcc', /a(b+)/, 1)", #"{"match":"ab","index":0,"groups":["b"]}"#),
        Case("$match('xyz', /a/)", nil),
        Case("$match(nothing, /a/)", nil),
        // $replace
        Case("$replace('John Smith and John Jones', 'John', 'Mr')", #""Mr Smith and Mr Jones""#),
        Case("$replace('John Smith and John Jones', 'John', 'Mr', 1)", #""Mr Smith and John Jones""#),
        Case("$replace('abracadabra', /a.*?a/, '*')", #""*c*bra""#),
        Case("$replace('John Smith', /(\\w+)\\s(\\w+)/, '$2, $1')", #""Smith, John""#),
        Case("$replace('265USD', /([0-9]+)USD/, '$$$1')", #""$265""#),
        Case("$replace('abc', /b/, '[$0]')", #""a[b]c""#),
        Case("$replace('abc', /(b)/, '$2')", #""ac""#),
        Case("$replace('abcabc', 'b', 'x', 0)", #""abcabc""#),
        Case(
            "$replace('temperature = 68F today', /(-?\\d+(?:\\.\\d*)?)F\\b/, function($m) { ($number($m.groups[0]) - 32) * 5/9 & 'C' })",
            #""temperature = 20C today""#),
        Case("$replace(nothing, 'a', 'b')", nil),
        // encoding
        Case("$base64encode('myuser:mypass')", #""bXl1c2VyOm15cGFzcw==""#),
        Case("$base64decode('bXl1c2VyOm15cGFzcw==')", #""myuser:mypass""#),
        Case("$base64encode('héllo')", #""aMOpbGxv""#),
        Case("$base64decode($base64encode('round ✓ trip'))", #""round ✓ trip""#),
        Case("$encodeUrlComponent('?x=test')", #""%3Fx%3Dtest""#),
        Case("$encodeUrl('https://mozilla.org/?x=шеллы')", #""https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B""#),
        Case("$decodeUrlComponent('%3Fx%3Dtest')", #""?x=test""#),
        Case("$decodeUrl('https://mozilla.org/?x=%D1%88%D0%B5%D0%BB%D0%BB%D1%8B')", #""https://mozilla.org/?x=шеллы""#),
        Case("$decodeUrl('%3F')", #""%3F""#),
        Case("$encodeUrlComponent(nothing)", nil),
        // $eval
        Case("$eval('1 + 2')", "3"),
        Case("$eval('[1,2,3]')", "[1,2,3]"),
        Case("$eval('a', {'a': 5})", "5"),
        Case("$eval('$sum($)', [1,2,3])", "6"),
        Case("$eval(nothing)", nil),
    ]

    @Test(arguments: cases)
    func function(_ c: Case) throws {
        try check(c)
    }

    static let errors: [ErrorCase] = [
        ErrorCase("$string(1/0)", "D1001"),
        ErrorCase("$length(5)", "T0410"),
        ErrorCase("$length('a', 'b')", "T0410"),
        ErrorCase("$substring('abc')", "T0410"),
        ErrorCase("$split('a', ',', -1)", "D3020"),
        ErrorCase("$split(5, ',')", "T0410"),
        ErrorCase("$match('a', /a/, -1)", "D3040"),
        ErrorCase("$replace('a', '', 'b')", "D3010"),
        ErrorCase("$replace('a', 'a', 'b', -2)", "D3011"),
        ErrorCase("$replace('abc', /b/, function($m){ 5 })", "D3012"),
        ErrorCase("$replace('abc', /x*/, 'y')", "D1004"),
        ErrorCase("$join([1,2])", "T0412"),
        ErrorCase("$decodeUrlComponent('%E0%A4%A')", "D3140"),
        ErrorCase("$eval('1 +')", "D3120"),
        ErrorCase("$eval('$x()')", "D3121"),
        ErrorCase("$uppercase(['a'])", "T0410"),
    ]

    @Test(arguments: errors)
    func error(_ c: ErrorCase) {
        checkError(c)
    }
}
