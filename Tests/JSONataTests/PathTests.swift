import JSONValue
import JSONata
import Testing

@Suite("Paths, predicates and sequences")
struct PathTests {
    static let addressCases: [Case] = [
        Case("Surname", #""Smith""#),
        Case("Age", "28"),
        Case("Address.City", #""Winchester""#),
        Case("Other.Misc", "null"),
        Case("Other.Nothing", nil),
        Case("Other.`Over 18 ?`", "true"),
        Case("Phone[0]", #"{ "type": "home", "number": "0203 544 1234" }"#),
        Case("Phone[1]", #"{ "type": "office", "number": "01962 001234" }"#),
        Case("Phone[-1]", #"{ "type": "mobile", "number": "077 7700 1234" }"#),
        Case("Phone[-2]", #"{ "type": "office", "number": "01962 001235" }"#),
        Case("Phone[8]", nil),
        Case("Phone[0].number", #""0203 544 1234""#),
        Case("Phone.number", #"["0203 544 1234","01962 001234","01962 001235","077 7700 1234"]"#),
        Case("Phone.number[0]", #"["0203 544 1234","01962 001234","01962 001235","077 7700 1234"]"#),
        Case("(Phone.number)[0]", #""0203 544 1234""#),
        Case("Phone[[0..1]]", #"[{"type":"home","number":"0203 544 1234"},{"type":"office","number":"01962 001234"}]"#),
        Case("Phone[type='mobile']", #"{ "type": "mobile", "number": "077 7700 1234" }"#),
        Case("Phone[type='mobile'].number", #""077 7700 1234""#),
        Case("Phone[type='office'].number", #"["01962 001234","01962 001235"]"#),
        Case("Phone[type='mobile'][].number", #"["077 7700 1234"]"#),
        Case("Phone[type='mobile'].number[]", #"["077 7700 1234"]"#),
        Case("Address.*", #"["Hursley Park","Winchester","SO21 2JN"]"#),
        Case("*.Postcode", #""SO21 2JN""#),
        Case("**.Postcode", #"["SO21 2JN","E1 6RF"]"#),
        Case(
            "Email.address",
            #"["fred.smith@my-work.com","fsmith@my-work.com","freddy@my-social.com","frederic.smith@very-serious.com"]"#
        ),
        Case("Email[type='home'].address[1]", #""frederic.smith@very-serious.com""#),
        Case("FirstName & ' ' & Surname", #""Fred Smith""#),
        Case("Address.(Street & ', ' & City)", #""Hursley Park, Winchester""#),
        Case("$.Age", "28"),
        Case("$$.Age", "28"),
        Case("Phone.$count($)", "[1,1,1,1]"),
        Case("Other.`Alternative.Address`.City", #""London""#),
        Case("Phone#$i[$i > 1].number", #"["01962 001235","077 7700 1234"]"#),
        Case("Phone@$p.$p.type", #"["home","office","office","mobile"]"#),
        Case("Phone^(number).type", #"["office","office","home","mobile"]"#),
        Case("Phone^(>type, number).number", #"["01962 001234","01962 001235","077 7700 1234","0203 544 1234"]"#),
        Case(
            "Phone{type: number}",
            #"{"home":"0203 544 1234","office":["01962 001234","01962 001235"],"mobile":"077 7700 1234"}"#),
        Case("Phone{type: $count(number)}", #"{"home":1,"office":2,"mobile":1}"#),
        Case("Address.%.FirstName", #""Fred""#),
        Case("Phone.{ 'name': %.FirstName, 'number': number }[0]", #"{"name":"Fred","number":"0203 544 1234"}"#),
    ]

    @Test(arguments: addressCases)
    func address(_ c: Case) throws {
        var c = c
        c.input = Fixtures.address
        try check(c)
    }

    static let invoiceCases: [Case] = [
        Case("$sum(Account.Order.Product.(Price * Quantity))", "336.36"),
        Case("Account.Order.Product.(Price * Quantity)", "[68.9, 21.67, 137.8, 107.99]"),
        Case("Account.Order.OrderID", #"["order103","order104"]"#),
        Case("Account.Order[0].OrderID", #""order103""#),
        Case("Account.Order.Product[0].SKU", #"["0406654608","040657863"]"#),
        Case("Account.Order.Product.SKU[0]", #"["0406654608","0406634348","040657863","0406654603"]"#),
        Case("Account.Order.(Product.SKU)[0]", #"["0406654608","040657863"]"#),
        Case("(Account.Order.Product.SKU)[0]", #""0406654608""#),
        Case("$count(Account.Order.Product)", "4"),
        Case("Account.Order.Product.`Product Name`", #"["Bowler Hat","Trilby hat","Bowler Hat","Cloak"]"#),
        Case("Account.Order.Product[Price > 30].`Product Name`", #"["Bowler Hat","Bowler Hat","Cloak"]"#),
        Case(
            "Account.Order.Product{`Product Name`: $sum(Price)}",
            #"{"Bowler Hat":68.9,"Trilby hat":21.67,"Cloak":107.99}"#),
        Case(
            "Account.Order.Product{`Product Name`: Price}",
            #"{"Bowler Hat":[34.45,34.45],"Trilby hat":21.67,"Cloak":107.99}"#),
        Case(
            "Account.Order.{ 'id': OrderID, 'total': $sum(Product.(Price*Quantity)) }",
            #"[{"id":"order103","total":90.57000000000001},{"id":"order104","total":245.79000000000002}]"#),
        Case("Account.Order^(>OrderID).OrderID", #"["order104","order103"]"#),
        Case("Account.Order.Product^(Price).Price", "[21.67,34.45,34.45,107.99]"),
        Case("Account.Order.Product^(>Price, Quantity).Quantity", "[1,2,4,1]"),
        Case("Account.Order.Product[SKU = '0406654608'].Description.Colour", #""Purple""#),
        Case("Account.Order[0].Product[0].%.%.`Account Name`", #""Firefly""#),
        Case(
            "Account.Order.Product.{ 'order': %.OrderID, 'name': `Product Name` }[0]",
            #"{"order":"order103","name":"Bowler Hat"}"#),
        Case("Account.Order@$o.$o.Product.{ 'o': $o.OrderID, 'p': ProductID }[3]", #"{"o":"order104","p":345664}"#),
        Case("Account.Order#$i.Product.{ 'i': $i, 'p': ProductID }[2]", #"{"i":1,"p":858383}"#),
        Case("Account.Order.Product.Description.Weight ~> $sum()", "4.1"),
        Case("Account.Order[OrderID='order104'].Product.Price ~> $max()", "107.99"),
        Case("$.Account.`Account Name`", #""Firefly""#),
        Case("**.Colour", #"["Purple","Orange","Purple","Black"]"#),
        Case(
            "Account.Order.Product.[`Product Name`, %.OrderID]",
            #"["Bowler Hat","order103","Trilby hat","order103","Bowler Hat","order104","Cloak","order104"]"#),
        Case(
            "Account.Order.Product.{ `Product Name`: [Quantity, (%.OrderID)] }",
            #"[{"Bowler Hat":[2,"order103"]},{"Trilby hat":[1,"order103"]},{"Bowler Hat":[4,"order104"]},{"Cloak":[1,"order104"]}]"#
        ),
        Case("Account.Order.Product[%.OrderID='order104'].SKU", #"["040657863","0406654603"]"#),
        Case("(Account.Order.Product)[%.OrderID='order104'].SKU", #"["040657863","0406654603"]"#),
        Case(
            "Account.Order.Product.{ %.OrderID: Price * Quantity }",
            #"[{"order103":68.9},{"order103":21.67},{"order104":137.8},{"order104":107.99}]"#),
        Case(
            "Account.(Order.(Product)).{'P': `Product Name`, 'O': %.OrderID, 'A': %.%.`Account Name`}[3]",
            #"{"P":"Cloak","O":"order104","A":"Firefly"}"#),
        Case(
            "(Account.Order).(Product).{'P': `Product Name`, 'O': %.OrderID, 'A': %.%.`Account Name`}[0]",
            #"{"P":"Bowler Hat","O":"order103","A":"Firefly"}"#),
        Case("Account.Order.Product.Description.*[0]", "[\"Purple\",\"Orange\",\"Purple\",\"Black\"]"),
    ]

    @Test(arguments: invoiceCases)
    func invoice(_ c: Case) throws {
        var c = c
        c.input = Fixtures.invoice
        try check(c)
    }

    static let libraryCases: [Case] = [
        Case("library.books[price < 30].title", #""Compilers: Principles, Techniques, and Tools""#),
        Case(
            "library.books['Aho' in authors].title",
            #"["The AWK Programming Language","Compilers: Principles, Techniques, and Tools"]"#),
        Case(
            "library.loans@$l.books@$b[$l.isbn=$b.isbn].{ 'title': $b.title, 'customer': $l.customer }",
            #"[{"title":"Structure and Interpretation of Computer Programs","customer":"10001"},{"title":"Compilers: Principles, Techniques, and Tools","customer":"10003"},{"title":"Structure and Interpretation of Computer Programs","customer":"10003"}]"#
        ),
        Case(
            "(library.loans)@$l.(library.books)@$b[$l.isbn=$b.isbn].{ 'title': $b.title, 'customer': $l.customer }[0]",
            #"{"title":"Structure and Interpretation of Computer Programs","customer":"10001"}"#),
        Case(
            "library.books#$i['Kernighan' in authors].{ 'title': title, 'index': $i }",
            #"[{"title":"The C Programming Language","index":1},{"title":"The AWK Programming Language","index":2}]"#),
        Case("library.customers[address.city='Southampton'].name", #""Jason Arthur""#),
        Case("library.books.authors[0]", #"["Abelson","Kernighan","Aho","Aho"]"#),
        Case("library.books.(authors)[0]", #"["Abelson","Kernighan","Aho","Aho"]"#),
        Case("$count(library.books.authors)", "11"),
    ]

    @Test(arguments: libraryCases)
    func library(_ c: Case) throws {
        var c = c
        c.input = Fixtures.library
        try check(c)
    }

    static let arrayInputCases: [Case] = [
        Case("$[0]", "1", input: "[1,2,3]"),
        Case("$", "[1,2,3]", input: "[1,2,3]"),
        Case("$[[1..2]]", "[2,3]", input: "[1,2,3]"),
        Case("$[$ > 1]", "[2,3]", input: "[1,2,3]"),
        Case("a", "[1,2]", input: #"[{"a":1},{"a":2}]"#),
        Case("a", "[1,2,3]", input: #"[{"a":[1,2]},{"a":3}]"#),
        Case("a[0]", "1", input: #"[{"a":[1,2]},{"a":3}]"#),
        Case("$.a", "[1,2]", input: #"[{"a":1},{"a":2}]"#),
        Case("[1,2,3][1]", "2"),
        Case("[1,[2,3]][1]", "[2,3]"),
        Case("[[1,2],[3]]", "[[1,2],[3]]"),
        Case("[1..3, 5]", "[1,2,3,5]"),
        Case("[]", "[]"),
        Case("[1]", "[1]"),
        Case("[1][0]", "1"),
        Case("foo", nil, input: "{}"),
        Case("foo[]", nil, input: "{}"),
        Case("foo[]", "[1]", input: #"{"foo":1}"#),
        Case("foo.bar", "[1,2]", input: #"{"foo":[{"bar":1},{"bar":2},{"baz":3}]}"#),
        Case("foo.bar[]", "[1]", input: #"{"foo":[{"bar":1}]}"#),
        Case("foo.[bar]", "[[1],[2]]", input: #"{"foo":[{"bar":1},{"bar":2}]}"#),
        Case("[foo.bar]", "[1]", input: #"{"foo":[{"bar":1}]}"#),
        Case("foo.bar.baz", "[1,2]", input: #"{"foo":{"bar":[{"baz":1},{"baz":2}]}}"#),
        Case("nest.x", "[1,2,3]", input: #"{"nest":[{"x":[1,2]},{"x":[3]}]}"#),
        Case("nest.[x]", "[[1,2],[3]]", input: #"{"nest":[{"x":[1,2]},{"x":[3]}]}"#),
        Case("$string(nest.x)", #""[1,2,3]""#, input: #"{"nest":[{"x":[1,2]},{"x":[3]}]}"#),
        Case("**", #"[{"a":1,"b":[2]},1,2]"#, input: #"{"a":1,"b":[2]}"#),
        Case("*", "[1,2]", input: #"{"a":1,"b":[2]}"#),
        Case("$count(*)", "2", input: #"{"a":1,"b":{"c":2}}"#),
    ]

    @Test(arguments: arrayInputCases)
    func arrays(_ c: Case) throws {
        try check(c)
    }
}
