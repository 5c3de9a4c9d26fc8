import DataPlane

extension SampleData {
    /// The generated rows of the three tables, each a flat list of values, row after row, in `id` order.
    struct Rows {
        var users: [SQLValue] = []
        var products: [SQLValue] = []
        var orders: [SQLValue] = []
    }

    /// Builds the sample rows from a seed and a date, with nothing else as input.
    ///
    /// Every table's rows are spread evenly over the window (with jitter), so `id` order is time order, and the
    /// companies' rows are interleaved in a shuffled order, as in a shared production database. Rows 1–4 of
    /// `users` and `products` are each company's first account and product, dated at the window's start, so every
    /// order refers to a user and a product of its own company that existed before it.
    struct Generator {
        let today: CalendarDate
        var random: SplitMix64
        /// The first second of the window (`today - days`, 00:00:00 UTC) and its length in seconds.
        let start: Int
        let span: Int

        init(today: CalendarDate, seed: UInt64) {
            self.today = today
            random = SplitMix64(seed: seed)
            start = today.adding(days: -SampleData.days).daysSinceEpoch * 86_400
            span = SampleData.days * 86_400
        }

        func rows() -> Rows {
            var generator = self
            var rows = Rows()
            let users = generator.makeUsers(into: &rows.users)
            let products = generator.makeProducts(into: &rows.products)
            generator.makeOrders(users: users, products: products, into: &rows.orders)
            return rows
        }

        /// What orders need to know of the users or products created: per company, in time order, the ids, the
        /// creation times and (products only) the prices in cents.
        struct Created {
            var ids: [[Int64]]
            var times: [[Int]]
            var prices: [[Int]]

            init(companies: Int) {
                ids = Array(repeating: [], count: companies)
                times = ids.map { _ in [] }
                prices = times
            }
        }

        // MARK: Time

        /// The company index of each row: one row per company first, then every other row in shuffled order.
        mutating func owners(_ count: (CompanyProfile) -> Int) -> [Int] {
            var rest: [Int] = []
            for (index, company) in SampleData.companies.enumerated() {
                rest += Array(repeating: index, count: max(0, count(company) - 1))
            }
            random.shuffle(&rest)
            return Array(SampleData.companies.indices) + rest
        }

        /// The second at which row `index` of `count` happens: spread evenly over `[from, start + span)`, with
        /// jitter that keeps the times increasing.
        mutating func time(_ index: Int, of count: Int, from: Int) -> Int {
            let length = start + span - from
            let step = max(1, length / max(count, 1))
            return from + Int((Int64(index) * Int64(length)) / Int64(max(count, 1))) + random.below(step)
        }

        static func timestamp(_ second: Int) -> String {
            let date = CalendarDate(daysSinceEpoch: second / 86_400)
            let time = second % 86_400
            return date.description + " " + pad2(time / 3600) + ":" + pad2(time / 60 % 60) + ":" + pad2(time % 60)
        }

        static func pad(_ value: Int, width: Int) -> String {
            let digits = String(value)
            return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        }

        static func pad2(_ value: Int) -> String { pad(value, width: 2) }

        static func money(cents: Int) -> String { String(cents / 100) + "." + pad2(cents % 100) }

        /// One row of `users` or `products` being generated.
        struct Slot {
            /// The row's `id`.
            let id: Int64
            /// The index of its company in ``SampleData/companies``.
            let company: Int
            /// Its timestamp, in seconds since 1970.
            let second: Int
            /// Its place counted from the last row (0 for the last), where the tricky values go.
            let fromEnd: Int
            /// Whether it is its company's first row, dated at the window's start.
            let isFounder: Bool

            var profile: CompanyProfile { SampleData.companies[company] }
        }

        /// Generates the rows of `users` or `products`: one founder row per company at the window's start, then
        /// the rest spread over the window, each built by `row` and recorded in the returned ``Created``.
        mutating func makeRows(
            _ count: (CompanyProfile) -> Int, width: Int, into values: inout [SQLValue],
            _ row: (Slot, inout SplitMix64, inout Created) -> [SQLValue]
        ) -> Created {
            let owners = owners(count)
            let founders = SampleData.companies.count
            var created = Created(companies: founders)
            values.reserveCapacity(owners.count * width)
            for (index, company) in owners.enumerated() {
                let second =
                    index < founders ? start : time(index - founders, of: owners.count - founders, from: start + 60)
                let slot = Slot(
                    id: Int64(index + 1), company: company, second: second, fromEnd: owners.count - 1 - index,
                    isFounder: index < founders)
                values += row(slot, &random, &created)
                created.ids[company].append(slot.id)
                created.times[company].append(second)
            }
            return created
        }

        // MARK: Users

        mutating func makeUsers(into values: inout [SQLValue]) -> Created {
            makeRows(\.users, width: 7, into: &values) { slot, random, _ in
                let (name, handle): (String?, String)
                if random.chance(perMille: 30) {
                    (name, handle) = random.pick(Names.whole)
                } else {
                    let first = random.pick(Names.first)
                    let last = random.pick(Names.last)
                    (name, handle) = (first.0 + " " + last.0, first.1 + "." + last.1)
                }
                var username = slot.isFounder ? "admin." + slot.profile.alias : handle + String(slot.id)
                // Tricky values at fixed places from the end, so the most recent users (inside any look-back)
                // carry them whatever the seed.
                let fromEnd = slot.fromEnd
                if fromEnd % 41 == 3, fromEnd / 41 < Tricky.usernames.count {
                    username = Tricky.usernames[fromEnd / 41]
                }
                var email: SQLValue = .text(username + "@" + slot.profile.emailDomain)
                switch random.below(1000) {
                case ..<50: email = .null
                case ..<70: email = .text("")
                default: break
                }
                var fullName: SQLValue = name.map(SQLValue.text) ?? .null
                switch random.below(1000) {
                case ..<30: fullName = .null
                case ..<45: fullName = .text("")
                default: break
                }
                if fromEnd % 37 == 0, fromEnd / 37 < Tricky.fullNames.count {
                    fullName = .text(Tricky.fullNames[fromEnd / 37])
                }
                let active: SQLValue =
                    switch random.below(1000) {
                    case ..<20: .null
                    case ..<100: .integer(0)
                    default: .integer(1)
                    }
                return [
                    .integer(slot.id), .integer(slot.profile.companyID), .text(username), email, fullName,
                    .text(Self.timestamp(slot.second)), active,
                ]
            }
        }

        // MARK: Products

        mutating func makeProducts(into values: inout [SQLValue]) -> Created {
            makeRows(\.products, width: 6, into: &values) { slot, random, created in
                let number = created.ids[slot.company].count + 1
                let sku = String(slot.profile.alias.uppercased().prefix(3)) + "-" + Self.pad(number, width: 4)
                var name = random.pick(Names.adjectives) + " " + random.pick(Names.nouns)
                if random.chance(perMille: 400) { name += " – " + random.pick(Names.variants) }
                if slot.fromEnd % 11 == 5, slot.fromEnd / 11 < Tricky.productNames.count {
                    name = Tricky.productNames[slot.fromEnd / 11]
                }
                let dollars = random.chance(perMille: 850) ? 1 + random.below(200) : 200 + random.below(1800)
                let cents = dollars * 100 + random.pick([99, 99, 99, 49, 95, 0, 50])
                created.prices[slot.company].append(cents)
                return [
                    .integer(slot.id), .integer(slot.profile.companyID), .text(sku), .text(name),
                    .text(Self.money(cents: cents)), .text(Self.timestamp(slot.second)),
                ]
            }
        }

        // MARK: Orders

        mutating func makeOrders(users: Created, products: Created, into values: inout [SQLValue]) {
            let owners = owners(\.orders)
            var usersSoFar = Array(repeating: 0, count: SampleData.companies.count)
            var productsSoFar = usersSoFar
            let end = start + span
            values.reserveCapacity(owners.count * 8)
            for (index, company) in owners.enumerated() {
                let second = time(index, of: owners.count, from: start + 3600)
                // Only users and products created by now (the founders always are).
                while usersSoFar[company] < users.times[company].count,
                    users.times[company][usersSoFar[company]] <= second
                {
                    usersSoFar[company] += 1
                }
                while productsSoFar[company] < products.times[company].count,
                    products.times[company][productsSoFar[company]] <= second
                {
                    productsSoFar[company] += 1
                }
                let user = users.ids[company][random.below(usersSoFar[company])]
                let product = random.below(productsSoFar[company])
                let quantity =
                    switch random.below(100) {
                    case ..<55: 1
                    case ..<80: 2
                    case ..<90: 3
                    default: 4 + random.below(7)
                    }
                var total = products.prices[company][product] * quantity
                if random.chance(perMille: 60) { total = total * 9 / 10 }  // a 10% discount
                let age = (end - second) / 86_400
                let status: SQLValue =
                    switch random.below(1000) {
                    case ..<5: .null
                    case ..<35: .text("cancelled")
                    case ..<45 where age > 7: .text("refunded")
                    default:
                        switch age {
                        case ..<2: .text(random.chance(perMille: 500) ? "pending" : "paid")
                        case ..<6: .text(random.chance(perMille: 500) ? "paid" : "shipped")
                        default: .text(random.chance(perMille: 50) ? "shipped" : "delivered")
                        }
                    }
                values += [
                    .integer(Int64(index + 1)), .integer(SampleData.companies[company].companyID), .integer(user),
                    .integer(products.ids[company][product]), .integer(Int64(quantity)),
                    .text(Self.money(cents: total)), status, .text(Self.timestamp(second)),
                ]
            }
        }
    }

    /// Name pools: display form and an ASCII handle for user names.
    enum Names {
        static let first: [(String, String)] = [
            ("James", "james"), ("María", "maria"), ("Wei", "wei"), ("Aisha", "aisha"), ("Łukasz", "lukasz"),
            ("Zoë", "zoe"), ("Søren", "soren"), ("José", "jose"), ("Yuki", "yuki"), ("Olga", "olga"),
            ("Ahmed", "ahmed"), ("Chloé", "chloe"), ("Liam", "liam"), ("Priya", "priya"), ("Mateo", "mateo"),
            ("Emma", "emma"), ("Noah", "noah"), ("Fatima", "fatima"), ("Björn", "bjorn"), ("Ana", "ana"),
            ("Kenji", "kenji"), ("Ingrid", "ingrid"), ("Olivia", "olivia"), ("Dmitri", "dmitri"),
        ]
        static let last: [(String, String)] = [
            ("Smith", "smith"), ("García", "garcia"), ("Müller", "muller"), ("Nowak", "nowak"),
            ("O'Connor", "oconnor"), ("Zhang", "zhang"), ("Kowalczyk", "kowalczyk"), ("Johansson", "johansson"),
            ("Rossi", "rossi"), ("Tanaka", "tanaka"), ("Dubois", "dubois"), ("Núñez", "nunez"), ("Petrov", "petrov"),
            ("Okafor", "okafor"), ("Silva", "silva"), ("Jensen", "jensen"), ("Nguyen", "nguyen"),
            ("Papadopoulos", "papadopoulos"), ("Kim", "kim"), ("van der Berg", "vanderberg"),
        ]
        /// Names written whole, in other scripts.
        static let whole: [(String?, String)] = [
            ("李娜", "li.na"), ("Иван Петров", "ivan.petrov"), ("سارة أحمد", "sara.ahmed"), ("山田 太郎", "taro.yamada"),
            ("Ελένη Παπαδάκη", "eleni.papadaki"), ("김민준", "minjun.kim"), (nil, "anonymous"),
        ]
        static let adjectives = [
            "Classic", "Deluxe", "Eco", "Smart", "Mini", "Pro", "Ultra", "Compact", "Heavy-Duty", "Wireless",
        ]
        static let nouns = [
            "Widget", "Gadget", "Sprocket", "Anvil", "Rocket Skates", "Stapler", "Desk Lamp", "Backpack", "Kettle",
            "Headphones", "Notebook", "Router",
        ]
        static let variants = ["Red", "Blue", "Black", "Steel", "Oak", "Crème"]
    }

    /// Values that break naive CSV writers, string-built SQL and trimming loaders.
    enum Tricky {
        static let fullNames = [
            "Mary O'Brien, Jr.", #"Jean "JJ" Dupont"#, "Ada Lovelace\n(Countess of Lovelace)", "Carriage\r\nReturn",
            "Tab\tSeparated", "  padded name  ", "🦄 Unicorn Ops", #"Back\slash \N"#, "NULL", ",",
        ]
        static let usernames = ["mary.o'brien", #"jean."jj".dupont"#, "zoë.ünal", "semi;colon", "percent%s"]
        static let productNames = [
            #"Monitor 27", 4K "UltraSharp""#, "Gift card, multi-line:\n\"Happy birthday!\"", "Café Crème ☕",
            "Ünïcødé Rocket 🚀", #"Path C:\temp\new"#, "NULL", "", "  spaced  ", "Quote ' and \" both",
        ]
    }
}
