import JSONValue
import JSONata
import Testing

@Suite("Operators and expressions")
struct OperatorTests {
    static let cases: [Case] = [
        // literals
        Case("42", "42"),
        Case("-42", "-42"),
        Case("3.14", "3.14"),
        Case("1e3", "1000"),
        Case("1.5E-2", "0.015"),
        Case("\"hello\"", #""hello""#),
        Case("'single'", #""single""#),
        Case(#""esc\"aped\n""#, #""esc\"aped\n""#),
        Case(#""\u00e9\u0041""#, #""éA""#),
        Case("true", "true"),
        Case("false", "false"),
        Case("null", "null"),
        Case("/* comment */ 1 /* another */", "1"),
        // arithmetic
        Case("1 + 2", "3"),
        Case("5 - 7", "-2"),
        Case("3 * 4", "12"),
        Case("7 / 2", "3.5"),
        Case("7 % 3", "1"),
        Case("-7 % 3", "-1"),
        Case("2 + 3 * 4", "14"),
        Case("(2 + 3) * 4", "20"),
        Case("10 - 2 - 3", "5"),
        Case("100 / 10 / 5", "2"),
        Case("-(1 + 2)", "-3"),
        Case("- -3", "3"),
        Case("0.1 + 0.2", "0.30000000000000004"),
        Case("nothing + 1", nil),
        Case("1 + nothing", nil),
        Case("-nothing", nil),
        // comparison
        Case("1 = 1", "true"),
        Case("1 = 1.0", "true"),
        Case("1 != 2", "true"),
        Case("'a' = 'a'", "true"),
        Case("'a' != 'a'", "false"),
        Case("1 = '1'", "false"),
        Case("[1,2] = [1,2]", "true"),
        Case("{'a':1} = {'a':1}", "true"),
        Case("{'a':1} = {'a':2}", "false"),
        Case("null = null", "true"),
        Case("nothing = 1", "false"),
        Case("nothing != 1", "false"),
        Case("1 < 2", "true"),
        Case("2 <= 2", "true"),
        Case("3 > 2", "true"),
        Case("2 >= 3", "false"),
        Case("'a' < 'b'", "true"),
        Case("'B' < 'a'", "true"),
        Case("'abc' >= 'abd'", "false"),
        Case("nothing < 1", nil),
        Case("1 > nothing", nil),
        // boolean
        Case("true and true", "true"),
        Case("true and false", "false"),
        Case("false or true", "true"),
        Case("false or false", "false"),
        Case("1 and 'x'", "true"),
        Case("0 or ''", "false"),
        Case("nothing or true", "true"),
        Case("nothing and true", "false"),
        Case("false and $error('not evaluated')", "false"),
        Case("true or $error('not evaluated')", "true"),
        Case("$not(true)", "false"),
        // string concatenation
        Case("'a' & 'b'", #""ab""#),
        Case("'a' & 1", #""a1""#),
        Case("'a' & true", #""atrue""#),
        Case("'a' & nothing", #""a""#),
        Case("'a' & null", #""anull""#),
        Case("'a' & [1,2]", #""a[1,2]""#),
        Case("'a' & {'b':1}", #""a{\"b\":1}""#),
        Case("1 & 2", #""12""#),
        Case("'x' & (0.1 + 0.2)", #""x0.3""#),
        // in
        Case("1 in [1,2,3]", "true"),
        Case("4 in [1,2,3]", "false"),
        Case("'a' in 'a'", "true"),
        Case("'a' in ['b']", "false"),
        Case("nothing in [1]", "false"),
        // ranges
        Case("[1..5]", "[1,2,3,4,5]"),
        Case("[5..1]", "[]"),
        Case("[1..1]", "[1]"),
        Case("[0..2, 5..6]", "[0,1,2,5,6]"),
        Case("[-2..0]", "[-2,-1,0]"),
        Case("[1..nothing]", "[]"),
        Case("$count([1..100])", "100"),
        // conditionals
        Case("true ? 'yes' : 'no'", #""yes""#),
        Case("false ? 'yes' : 'no'", #""no""#),
        Case("false ? 'yes'", nil),
        Case("0 ? 'yes' : 'no'", #""no""#),
        Case("[] ? 'yes' : 'no'", #""no""#),
        Case("[0] ? 'yes' : 'no'", #""no""#),
        Case("[0, 1] ? 'yes' : 'no'", #""yes""#),
        Case("{} ? 'yes' : 'no'", #""no""#),
        Case("1 > 2 ? 'a' : 2 > 1 ? 'b' : 'c'", #""b""#),
        Case("nothing ?? 'default'", #""default""#),
        Case("0 ?? 'default'", "0"),
        Case("false ?? 'default'", "false"),
        Case("nothing ?: 'default'", #""default""#),
        Case("0 ?: 'default'", #""default""#),
        Case("'x' ?: 'default'", #""x""#),
        // blocks and variables
        Case("($x := 5; $x * 2)", "10"),
        Case("($x := 1; ($x := 2); $x)", "1"),
        Case("($a := 1; $b := $a + 1; [$a, $b])", "[1,2]"),
        Case("$x := 3", "3"),
        Case("()", nil),
        Case("(1; 2; 3)", "3"),
        Case("$undefinedVariable", nil),
        Case("$v + 1", "42", bindings: ["v": 41]),
        Case("$v.name", #""n""#, bindings: ["v": ["name": "n"]]),
        // object constructors
        Case("{}", "{}"),
        Case("{'a': 1, 'b': 'two'}", #"{"a":1,"b":"two"}"#),
        Case("{'a': nothing}", "{}"),
        Case("{'a': [1,2], 'b': {'c': null}}", #"{"a":[1,2],"b":{"c":null}}"#),
        Case("{'k' & 1: 'v'}", #"{"k1":"v"}"#),
        Case("[{'a':1},{'a':2}].{'x': a}", #"[{"x":1},{"x":2}]"#),
        Case("[{'k':'a','v':1},{'k':'b','v':2},{'k':'a','v':3}]{k: $sum(v)}", #"{"a":4,"b":2}"#),
        Case("[{'k':'a','v':1},{'k':'b','v':2},{'k':'a','v':3}]{k: v}", #"{"a":[1,3],"b":2}"#),
        // array constructors and flattening
        Case("[1, [2, 3], 4]", "[1,[2,3],4]"),
        Case("[1, nothing, 2]", "[1,2]"),
        Case("[[]]", "[[]]"),
        Case("[1,2,3].($ * 2)", "[2,4,6]"),
        Case("[1,2,3][$ > 1]", "[2,3]"),
        Case("[1,2,3][0]", "1"),
        Case("[1,2,3][-1]", "3"),
        Case("[1,2,3][[0,2]]", "[1,3]"),
        Case("[1,2,3][1.9]", "2"),
        Case("[1,2,3][false]", nil),
        Case("[1,2,3][true]", "[1,2,3]"),
        Case("['a','b'][$ = 'b']", #""b""#),
        Case("['a','b'][$ = 'b'][]", #"["b"]"#),
        // function chaining
        Case("'hello' ~> $uppercase()", #""HELLO""#),
        Case("'  a  b ' ~> $trim() ~> $length()", "3"),
        Case("[1,2,3] ~> $map(function($v) { $v * 10 }) ~> $sum()", "60"),
        Case("($f := $uppercase ~> $substring(?, 0, 2); $f('hello'))", #""HE""#),
        Case("($inc := function($x){$x+1}; $dbl := function($x){$x*2}; 3 ~> $inc ~> $dbl)", "8"),
        Case("($inc := function($x){$x+1}; $dbl := function($x){$x*2}; $f := $inc ~> $dbl; $f(3))", "8"),
        // lambdas, closures, recursion, partial application
        Case("function($x){$x * $x}(4)", "16"),
        Case("($sq := function($x){$x * $x}; $sq(5))", "25"),
        Case("($add := function($a, $b){$a + $b}; $add(2, 3))", "5"),
        Case("($add := λ($a, $b){$a + $b}; $add(2, 3))", "5"),
        Case("($k := function($x){function($y){$x + $y}}; $k(10)(5))", "15"),
        Case("($n := 10; $f := function(){$n}; $n := 20; $f())", "20"),
        Case("($fact := function($n){$n <= 1 ? 1 : $n * $fact($n - 1)}; $fact(10))", "3628800"),
        Case(
            "($fib := function($n){$n < 2 ? $n : $fib($n - 1) + $fib($n - 2)}; [0..10].$fib($))",
            "[0,1,1,2,3,5,8,13,21,34,55]"),
        Case("($loop := function($i, $acc){$i = 0 ? $acc : $loop($i - 1, $acc + $i)}; $loop(5000, 0))", "12502500"),
        Case("($first := $substring(?, 0, 1); $first('xyz'))", #""x""#),
        Case(
            "($factorial := function($n){($iter := function($n, $acc){ $n = 0 ? $acc : $iter($n - 1, $n * $acc) }; $iter($n, 1))}; $factorial(150))",
            "5.7133839564458575e+262"),
        Case(
            "($even := function($n){ $n = 0 ? true : $odd($n-1) }; $odd := function($n){ $n = 0 ? false : $even($n-1) }; $odd(6555))",
            "true"),
        Case("($f := function($s, $x)<an:s>{ $x > 0 ? $f([$s, $s], $x-1) : $s }; $f('a', 2))", #"["a","a","a","a"]"#),
        Case("($add := function($a,$b){$a+$b}; $add5 := $add(5, ?); $add5(10))", "15"),
        Case("($f := function($a, $b){[$a, $b]}; $f(1))", "[1]"),
        Case("function($x)<n:n>{$x + 1}(2)", "3"),
        Case("function($x, $y)<s-s:s>{$x & $y}('a', 'b')", #""ab""#),
        Case("$map([1,2], function($v, $i){$v + $i})", "[1,3]"),
        Case("$map([1,2], function($v, $i, $a){$count($a)})", "[2,2]"),
        Case("($x := 'outer'; [1].(function(){$x})())", #""outer""#),
        // regular expressions
        Case("/ab+c/('xxabbbc').match", #""abbbc""#),
        Case("/ab+c/('xxabbbc').start", "2"),
        Case("/(a)(b)/('ab').groups", #"["a","b"]"#),
        Case("/z/('ab')", nil),
        Case("'Hello' ~> $contains(/hel/i)", "true"),
        Case("'Hello' ~> $contains(/hel/)", "false"),
        Case("['apple','banana','cherry'][$contains($, /an/)]", #""banana""#),
        Case("$replace('a.b.c', /\\./, '-')", #""a-b-c""#),
        Case("$split('a1b22c', /[0-9]+/)", #"["a","b","c"]"#),
        Case("$match('ab12cd345', /[0-9]+/).match", #"["12","345"]"#),
        Case("'line1\\nline2' ~> $replace(/^line/m, 'L')", #""L1\nL2""#),
        Case(
            "$map($, $match(?, /^(\\w*\\s\\w*)/)).match", #"["Felicia Saunders","Owen Reid"]"#,
            input: #"["Felicia Saunders","Owen Reid"]"#),
        Case("($p := /[,-]/; [$replace('a,b-c', $p, '|'), $replace('a,b', $p, '|')])", #"["a|b|c","a|b"]"#),
        Case("$replace('abracadabra', /a/, '')", #""brcdbr""#),
        Case("$replace('abcdefghijklmno', /ijk/, '$x')", #""abcdefgh$xlmno""#),
        Case("$replace('abcd', /(ab)|(a)/, '[1=$1][2=$2]')", #""[1=ab][2=]cd""#),
        // transform
        Case("{'a':1,'b':2} ~> |$|{'c':3}|", #"{"a":1,"b":2,"c":3}"#),
        Case("{'a':1,'b':2} ~> |$|{},'b'|", #"{"a":1}"#),
        Case("{'a':1,'b':2} ~> |$|{'a':10},['b']|", #"{"a":10}"#),
        Case(
            "{'items':[{'p':1},{'p':2}]} ~> |items|{'p': p * 10}|",
            #"{"items":[{"p":10},{"p":20}]}"#),
        Case(
            "{'o':{'x':1,'i':{'x':2}}} ~> |**[$exists(x)]|{'seen':true}|",
            #"{"o":{"x":1,"i":{"x":2,"seen":true},"seen":true}}"#),
        Case("{'a':{'b':1}} ~> |a|{'c':2}|", #"{"a":{"b":1,"c":2}}"#),
        Case("{'a':1} ~> |nothing|{'c':2}|", #"{"a":1}"#),
        Case("($t := |a|{'z':0}|; $t({'a':{'y':1}}))", #"{"a":{"y":1,"z":0}}"#),
        // sorting
        Case("[3,1,2]^($)", "[1,2,3]"),
        Case("[3,1,2]^(>$)", "[3,2,1]"),
        Case("['b','a','c']^($)", #"["a","b","c"]"#),
        Case("[{'a':2},{'a':1},{'b':0}]^(a).a", "[1,2]"),
        Case("[{'a':1,'b':2},{'a':1,'b':1},{'a':0,'b':3}]^(a, >b).b", "[3,2,1]"),
        // wildcards and descendants on constructed data
        Case("{'a':{'b':1},'c':{'b':2}}.*.b", "[1,2]"),
        Case("{'a':{'b':{'c':1}},'d':{'c':2}}.**.c", "[1,2]"),
        Case("{'a':[1,[2,3]]}.*", "[1,2,3]"),
        // context and root
        Case("$", #"{"a":1}"#, input: #"{"a":1}"#),
        Case("$$", #"{"a":1}"#, input: #"{"a":1}"#),
        Case("a.($$.b)", "2", input: #"{"a":{"c":1},"b":2}"#),
        Case("a.$", #"{"c":1}"#, input: #"{"a":{"c":1},"b":2}"#),
        Case("$.*", nil, input: "5"),
        Case("nothing", nil, input: "5"),
        Case("a.b", nil, input: #"{"a":"str"}"#),
        // quoted names and keywords as names
        Case("`a b`", "1", input: #"{"a b":1}"#),
        Case("\"a b\"", #""a b""#, input: #"{"a b":1}"#),
        Case("x.\"a b\"", "1", input: #"{"x":{"a b":1}}"#),
        Case("and", "1", input: #"{"and":1}"#),
        Case("in.or", "2", input: #"{"in":{"or":2}}"#),
    ]

    @Test(arguments: cases)
    func expression(_ c: Case) throws {
        try check(c)
    }

    static let errors: [ErrorCase] = [
        ErrorCase("'a' + 1", "T2001"),
        ErrorCase("1 + 'a'", "T2002"),
        ErrorCase("'x' & 0.1 + 0.2", "T2001"),
        ErrorCase("true * 2", "T2001"),
        ErrorCase("1 / 0", "D1001"),
        ErrorCase("-'a'", "D1002"),
        ErrorCase("1 < 'a'", "T2009"),
        ErrorCase("true < 1", "T2010"),
        ErrorCase("[1] > 0", "T2010"),
        ErrorCase("{} <= 1", "T2010"),
        ErrorCase("[1.5..3]", "T2003"),
        ErrorCase("[1..'x']", "T2004"),
        ErrorCase("[1..20000000]", "D2014"),
        ErrorCase("{1: 'a'}", "T1003"),
        ErrorCase("{'a': 1, 'a': 2}", "D1009"),
        ErrorCase("[{'k':'a'},{'k':'a'}]{k: 1, k: 2}", "D1009"),
        ErrorCase("$foo()", "T1006"),
        ErrorCase("uppercase('x')", "T1005"),
        ErrorCase("$x := 1; $x()", "S0201"),
        ErrorCase("($x := 1; $x())", "T1006"),
        ErrorCase("1 ~> 2", "T2006"),
        ErrorCase("[1,'a']^($)", "T2007"),
        ErrorCase("[{'a':true}]^(a)", "T2008"),
        ErrorCase("{'a':1} ~> |$|5|", "T2011"),
        ErrorCase("{'a':1} ~> |$|{}, 5|", "T2012"),
        ErrorCase("function($x)<n:n>{$x}('s')", "T0410"),
        ErrorCase("($f := function($s, $x)<sn:s>{ $x > 0 ? $f([$s, $s], $x-1) : $s }; $f('a', 2))", "T0410"),
        ErrorCase("($inf := function($n){ $n + $inf($n-1) }; $inf(5))", "U1001"),
        ErrorCase("$uppercase(1)", "T0410"),
        ErrorCase("$substring('abc', 'x')", "T0410"),
        ErrorCase("$sum(['a'])", "T0412"),
        ErrorCase("$sum([1, 'a'])", "T0412"),
        ErrorCase("$uppercase()", "T0411", input: "5"),
        // syntax errors
        ErrorCase("'unterminated", "S0101"),
        ErrorCase("1 +", "S0207"),
        ErrorCase("(1", "S0203"),
        ErrorCase("[1, 2", "S0203"),
        ErrorCase("{'a' 1}", "S0202"),
        ErrorCase("1 2", "S0201"),
        ErrorCase("`unterminated", "S0105"),
        ErrorCase("/* open comment", "S0106"),
        ErrorCase(#""\q""#, "S0103"),
        ErrorCase(#""\u00g0""#, "S0104"),
        ErrorCase("1 := 2", "S0212"),
        ErrorCase("a@b", "S0214"),
        ErrorCase("a#1", "S0214"),
        ErrorCase("function(a){1}", "S0208"),
        ErrorCase("a.1", "S0213"),
        ErrorCase("a.true", "S0213"),
        ErrorCase("%", "S0217"),
        ErrorCase("a{'x':1}{'y':2}", "S0210"),
        ErrorCase("(a){'x':1}[0]", "S0209"),
        ErrorCase("a[0]@$x", "S0215"),
        ErrorCase("a^(b)@$x", "S0216"),
        ErrorCase("//", "S0301"),
        ErrorCase("/abc", "S0302"),
        ErrorCase("!", "S0204"),
        ErrorCase("1 ! 2", "S0204"),
        ErrorCase("[1!2]", "S0204"),
        ErrorCase("2:=1", "S0212"),
        ErrorCase("@ bar", "S0211"),
    ]

    @Test(arguments: errors)
    func error(_ c: ErrorCase) {
        checkError(c)
    }

    @Test func errorCarriesPositionAndMessage() throws {
        do {
            _ = try evaluate("1 + 'a'")
            Issue.record("expected an error")
        } catch let error as JSONataError {
            #expect(error.code == "T2002")
            #expect(error.message == #"The right side of the "+" operator must evaluate to a number"#)
            #expect(error.position == 3)
            #expect(error.token == "+")
            #expect(error.value == "a")
        }
    }

    @Test func syntaxErrorMessage() {
        #expect(throws: JSONataError.self) { try CompiledJSONata(compiling: "(1") }
        do {
            _ = try CompiledJSONata(compiling: "{'a' 1}")
        } catch {
            #expect(error.code == "S0202")
            #expect(error.message == #"Expected ":", got "1""#)
        }
    }

    @Test func compiledExpressionIsReusable() throws {
        let expr = try CompiledJSONata(compiling: "a * 2")
        for i in 0..<10 {
            #expect(try expr.evaluate(input: ["a": .integer(i)]) == .integer(i * 2))
        }
    }

    @Test func deepRecursionReportsStackOverflow() {
        #expect(throws: JSONataError.self) {
            try evaluate("($f := function($n){ 1 + $f($n + 1) }; $f(0))")
        }
    }
}
