import DataPlane
import Foundation
import JSONValue
import Store
import Testing

@Suite(.timeLimit(.minutes(2)))
struct StoreTests {
    // MARK: Migrations

    @Test(arguments: Backend.allCases)
    func migrationsAreRecordedAndIdempotent(backend: Backend) async throws {
        try await withFreshStore(backend) { store, _ in
            #expect(try await store.schemaVersion() == StoreSchema.currentVersion)
            #expect(try await store.migrate() == [])
            #expect(try await store.migrate() == [])
            let rows = try await store.connection.query(
                "SELECT version FROM \(store.connection.quoteIdentifier(StoreSchema.migrationsTable))"
            ) { try await $0.collectRows() }
            #expect(rows.sorted { "\($0)" < "\($1)" } == [[.integer(1)], [.integer(2)], [.integer(3)], [.integer(4)]])
        }
    }

    @Test(arguments: Backend.allCases)
    func migratingAVersionOneStoreKeepsItsRows(backend: Backend) async throws {
        try await withFreshDatabase(backend) { url in
            try await withSQLConnection(url: url) { connection in
                let versionOne = SQLMigrator(
                    table: StoreSchema.migrationsTable, migrations: Array(StoreSchema.migrations.prefix(1)))
                #expect(try await versionOne.migrate(on: connection) { _ in CancellationError() } == [1])
                let q = connection.quoteIdentifier
                try await connection.execute(
                    "INSERT INTO \(q("ferry_executions")) (arn, state_machine_arn, state_machine_version, definition, "
                        + "name, status, input, start_ms) VALUES (?, ?, 1, ?, ?, 'FAILED', '{}', 0)",
                    parameters: [.text("arn:old"), .text("arn:machine"), .text(passDefinition), .text("old")])
                let store = Store(connection: connection)
                #expect(try await store.schemaVersion() == 1)
                #expect(try await store.migrate() == [2, 3, 4])
                #expect(try await store.migrate() == [])
                let old = try await store.describeExecution(arn: "arn:old")
                #expect(old.status == .failed)
                #expect(old.redriveCount == 0)
                #expect(old.redriveDate == nil)
                // A store from a newer Ferry is refused, not downgraded.
                try await connection.execute(
                    "INSERT INTO \(q(StoreSchema.migrationsTable)) (version, description, applied_at) "
                        + "VALUES (99, 'x', 'y')")
                await expectStoreError(.newerSchema) { try await store.migrate() }
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentMigrationsApplyEachVersionOnce(backend: Backend) async throws {
        try await withFreshDatabase(backend) { url in
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await withSQLConnection(url: url) { try await Store(connection: $0).migrate() }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(applied.flatMap { $0 }.sorted() == [1, 2, 3, 4])
            let version = try await withSQLConnection(url: url) { try await Store(connection: $0).schemaVersion() }
            #expect(version == StoreSchema.currentVersion)
        }
    }

    @Test func sqliteStoreUsesWriteAheadLogging() async throws {
        try await withFreshStore(.sqlite) { store, _ in
            let mode = try await store.connection.query("PRAGMA journal_mode") { try await $0.collectRows() }
            #expect(mode == [[.text("wal")]])
        }
    }

    // MARK: State machines

    @Test(arguments: Backend.allCases)
    func stateMachineLifecycle(backend: Backend) async throws {
        try await withFreshStore(backend) { store, _ in
            let created = try await store.createStateMachine(
                name: "nightly", definition: passDefinition, roleArn: roleArn, tags: ["team": "bi"])
            #expect(created.arn == "arn:aws:states:eu-west-1:111122223333:stateMachine:nightly")
            #expect(created.version == 1)
            #expect(created.type == "STANDARD")
            await expectStoreError(.stateMachineAlreadyExists) {
                try await store.createStateMachine(name: "nightly", definition: passDefinition, roleArn: roleArn)
            }
            await expectStoreError(.invalidName) {
                try await store.createStateMachine(name: "bad name", definition: passDefinition, roleArn: roleArn)
            }
            let newDefinition = #"{"StartAt":"Q","States":{"Q":{"Type":"Succeed"}}}"#
            let updated = try await store.updateStateMachine(arn: created.arn, definition: newDefinition)
            #expect(updated.version == 2)
            #expect(updated.definition == newDefinition)
            #expect(updated.roleArn == roleArn)
            #expect(try await store.describeStateMachine(arn: created.arn).definition == newDefinition)
            let first = try await store.describeStateMachine(arn: created.arn + ":1")
            #expect(first.definition == passDefinition)
            #expect(first.version == 1)
            await expectStoreError(.stateMachineDoesNotExist) {
                try await store.describeStateMachine(arn: created.arn + ":9")
            }
            await expectStoreError(.stateMachineDoesNotExist) {
                try await store.updateStateMachine(arn: created.arn + "x", definition: passDefinition)
            }

            try await store.deleteStateMachine(arn: created.arn)
            await expectStoreError(.stateMachineDoesNotExist) { try await store.describeStateMachine(arn: created.arn) }
            await expectStoreError(.stateMachineDoesNotExist) { try await store.deleteStateMachine(arn: created.arn) }
            // The name is free again, and the revisions start over.
            let again = try await store.createStateMachine(
                name: "nightly", definition: passDefinition, roleArn: roleArn)
            #expect(again.version == 1)
            #expect(try await store.tags(resourceArn: again.arn) == [:])
        }
    }

    @Test(arguments: Backend.allCases)
    func tags(backend: Backend) async throws {
        try await withFreshStore(backend) { store, _ in
            let machine = try await store.createStateMachine(
                name: "tagged", definition: passDefinition, roleArn: roleArn, tags: ["a": "1", "b": "2"])
            #expect(try await store.tags(resourceArn: machine.arn) == ["a": "1", "b": "2"])
            try await store.tagResource(resourceArn: machine.arn, tags: ["b": "3", "c": "4"])
            #expect(try await store.tags(resourceArn: machine.arn) == ["a": "1", "b": "3", "c": "4"])
            try await store.untagResource(resourceArn: machine.arn, keys: ["a", "zzz"])
            #expect(try await store.tags(resourceArn: machine.arn) == ["b": "3", "c": "4"])
            await expectStoreError(.resourceNotFound) { try await store.tags(resourceArn: machine.arn + "-missing") }
            await expectStoreError(.resourceNotFound) {
                try await store.tagResource(resourceArn: machine.arn + "-missing", tags: ["a": "1"])
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func listStateMachinesPages(backend: Backend) async throws {
        try await withFreshStore(backend) { store, _ in
            let names = ["e", "a", "d", "b", "c"]
            for name in names {
                try await store.createStateMachine(name: name, definition: passDefinition, roleArn: roleArn)
            }
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await store.listStateMachines(maxResults: 2, nextToken: token)
                #expect(page.items.count <= 2)
                seen += page.items.map(\.name)
                token = page.nextToken
                pages += 1
            } while token != nil && pages < 10
            #expect(seen == names.sorted())
            #expect(pages == 3)
            #expect(try await store.listStateMachines().items.count == 5)
            await expectStoreError(.invalidToken) { try await store.listStateMachines(nextToken: "garbage!") }
            let executionsToken = try await listExecutionsToken(store)
            await expectStoreError(.invalidToken) { try await store.listStateMachines(nextToken: executionsToken) }
            await expectStoreError(.invalidValue) { try await store.listStateMachines(maxResults: 5000) }
        }
    }

    private func listExecutionsToken(_ store: Store) async throws -> String? {
        let machine = try await store.describeStateMachine(arn: store.stateMachineArn(name: "a"))
        for i in 0..<2 { try await store.startExecution(stateMachineArn: machine.arn, name: "x\(i)") }
        return try await store.listExecutions(stateMachineArn: machine.arn, maxResults: 1).nextToken
    }

    // MARK: Executions

    @Test(arguments: Backend.allCases)
    func startExecutionFollowsAWSIdempotency(backend: Backend) async throws {
        try await withFreshMachine(backend) { store, _, machine in
            let first = try await store.startExecution(stateMachineArn: machine.arn, name: "run-1", input: ["n": 1])
            #expect(first.isNew)
            #expect(first.execution.arn == "arn:aws:states:eu-west-1:111122223333:execution:m:run-1")
            #expect(first.execution.status == .running)
            #expect(first.execution.input == ["n": 1])
            #expect(first.execution.definition == passDefinition)
            #expect(first.execution.stateMachineVersion == 1)

            let again = try await store.startExecution(stateMachineArn: machine.arn, name: "run-1", input: ["n": 1])
            #expect(!again.isNew)
            #expect(again.execution == first.execution)
            await expectStoreError(.executionAlreadyExists) {
                try await store.startExecution(stateMachineArn: machine.arn, name: "run-1", input: ["n": 2])
            }
            try await store.finishExecution(arn: first.execution.arn, status: .succeeded, output: ["ok": true])
            await expectStoreError(.executionAlreadyExists) {
                try await store.startExecution(stateMachineArn: machine.arn, name: "run-1", input: ["n": 1])
            }
            await expectStoreError(.stateMachineDoesNotExist) {
                try await store.startExecution(stateMachineArn: machine.arn + "x", name: "run-1")
            }
            await expectStoreError(.invalidName) {
                try await store.startExecution(stateMachineArn: machine.arn, name: "a:b")
            }
            let unnamed = try await store.startExecution(stateMachineArn: machine.arn)
            #expect(unnamed.execution.name.count == 36)
            await expectStoreError(.executionDoesNotExist) {
                try await store.describeExecution(arn: machine.arn + ":nope")
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func finishAndStop(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, _, machine in
            let a = try await store.startExecution(stateMachineArn: machine.arn, name: "a").execution
            let b = try await store.startExecution(stateMachineArn: machine.arn, name: "b").execution
            #expect(a.startDate == clock.now)
            clock.advance(seconds: 5)
            let done = try await store.finishExecution(arn: a.arn, status: .succeeded, output: ["rows": 42])
            #expect(done.status == .succeeded)
            #expect(done.output == ["rows": 42])
            #expect(done.stopDate == clock.now)
            await expectStoreError(.executionNotRunning) {
                try await store.finishExecution(arn: a.arn, status: .failed)
            }
            await expectStoreError(.invalidValue) { try await store.finishExecution(arn: b.arn, status: .running) }

            try await store.requestStop(arn: b.arn, error: "Manual", cause: "operator")
            #expect(try await store.describeExecution(arn: b.arn).isStopRequested)
            let stopped = try await store.finishExecution(
                arn: b.arn, status: .aborted, error: "Manual", cause: "operator")
            #expect(stopped.status == .aborted)
            #expect(stopped.error == "Manual")
            #expect(!stopped.isStopRequested)
            await expectStoreError(.executionNotRunning) { try await store.requestStop(arn: b.arn) }
            await expectStoreError(.executionDoesNotExist) { try await store.requestStop(arn: b.arn + "x") }
            // The state machine's deletion leaves its executions readable.
            try await store.deleteStateMachine(arn: machine.arn)
            #expect(try await store.describeExecution(arn: a.arn).definition == passDefinition)
        }
    }

    @Test(arguments: Backend.allCases)
    func listExecutionsPagesNewestFirstWithStatusFilter(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, _, machine in
            let other = try await store.createStateMachine(name: "other", definition: passDefinition, roleArn: roleArn)
            var arns: [String] = []
            for i in 0..<7 {
                if i != 3 { clock.advance(seconds: 1) }  // two executions share a start time
                arns.append(try await store.startExecution(stateMachineArn: machine.arn, name: "e\(i)").execution.arn)
            }
            try await store.startExecution(stateMachineArn: other.arn, name: "elsewhere")
            for arn in arns.prefix(2) { try await store.finishExecution(arn: arn, status: .failed, error: "E") }

            var seen: [ExecutionRecord] = []
            var token: String?
            repeat {
                let page = try await store.listExecutions(stateMachineArn: machine.arn, maxResults: 3, nextToken: token)
                seen += page.items
                token = page.nextToken
            } while token != nil && seen.count < 20
            #expect(seen.count == 7)
            #expect(Set(seen.map(\.arn)) == Set(arns))
            #expect(seen.map(\.startDate) == seen.map(\.startDate).sorted(by: >))

            let failed = try await store.listExecutions(stateMachineArn: machine.arn, statusFilter: .failed)
            #expect(Set(failed.items.map(\.arn)) == Set(arns.prefix(2)))
            #expect(failed.nextToken == nil)
            let running = try await store.listExecutions(stateMachineArn: machine.arn, statusFilter: .running)
            #expect(running.items.count == 5)
            #expect(try await store.listExecutions(stateMachineArn: nil).items.count == 8)
            await expectStoreError(.stateMachineDoesNotExist) {
                try await store.listExecutions(stateMachineArn: machine.arn + "x")
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func redriveFollowsAWSRules(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, _, machine in
            var arns: [String] = []
            for name in ["failed", "succeeded", "running", "old"] {
                arns.append(try await store.startExecution(stateMachineArn: machine.arn, name: name).execution.arn)
            }
            try await store.finishExecution(arn: arns[3], status: .timedOut, error: "States.Timeout")
            clock.advance(seconds: 15 * 24 * 3600)
            try await store.finishExecution(arn: arns[0], status: .failed, error: "E", cause: "c")
            try await store.finishExecution(arn: arns[1], status: .succeeded, output: [:])
            clock.advance(seconds: 60)

            let redriven = try await store.redriveExecution(arn: arns[0])
            #expect(redriven.status == .running)
            #expect(redriven.redriveCount == 1)
            #expect(redriven.redriveDate == clock.now)
            #expect(redriven.stopDate == nil)
            #expect(redriven.error == nil)
            #expect(redriven.cause == nil)
            // RUNNING again, so workers claim it; closed again, it can be redriven again.
            let claimed = try await store.claimExecutions(
                worker: "w", limit: 10, leaseDuration: .seconds(60), now: clock.now)
            #expect(claimed.map(\.arn).contains(arns[0]))
            await expectStoreError(.executionNotRedrivable) { try await store.redriveExecution(arn: arns[0]) }
            try await store.finishExecution(arn: arns[0], status: .aborted)
            #expect(try await store.redriveExecution(arn: arns[0]).redriveCount == 2)

            await expectStoreError(.executionNotRedrivable) { try await store.redriveExecution(arn: arns[1]) }
            await expectStoreError(.executionNotRedrivable) { try await store.redriveExecution(arn: arns[2]) }
            await expectStoreError(.executionNotRedrivable) { try await store.redriveExecution(arn: arns[3]) }
            await expectStoreError(.executionDoesNotExist) { try await store.redriveExecution(arn: arns[0] + "x") }
        }
    }

    // MARK: History

    @Test(arguments: Backend.allCases)
    func checkpointsAreStoredWithTheirEventsAtomicallyAndRetentionDeletesThem(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            #expect(try await store.checkpoints(executionArn: arn).isEmpty)
            let first = StepCheckpoint(
                key: "Process#1[3]/Load#1", output: ["rows": 2, "text": "a\"'\n"], next: "Done",
                variables: ["since": "2026-10-01"], lastEventId: 2)
            try await store.appendEvents(
                executionArn: arn,
                events: [
                    HistoryEvent(id: 1, type: "ExecutionStarted", timestamp: clock.now),
                    HistoryEvent(id: 2, previousEventId: 1, type: "PassStateExited", timestamp: clock.now),
                ],
                checkpoints: [first])
            let ended = StepCheckpoint(key: "Done#1", output: .null, next: nil, lastEventId: 3)
            // A checkpoint stored already fails its whole batch, events included.
            await expectStoreError(.eventConflict) {
                try await store.appendEvents(
                    executionArn: arn, events: [HistoryEvent(id: 3, type: "PassStateExited", timestamp: clock.now)],
                    checkpoints: [ended, first])
            }
            #expect(try await store.lastEventId(executionArn: arn) == 2)
            try await store.appendEvents(
                executionArn: arn, events: [HistoryEvent(id: 3, type: "PassStateExited", timestamp: clock.now)],
                checkpoints: [ended])
            #expect(try await store.checkpoints(executionArn: arn) == [first, ended])
            await expectStoreError(.executionDoesNotExist) { try await store.checkpoints(executionArn: arn + "x") }

            try await store.finishExecution(arn: arn, status: .succeeded, output: .null)
            clock.advance(seconds: 10)
            #expect(try await store.deleteExecutions(finishedBefore: clock.now) == 1)
            let left = try await store.connection.query(
                "SELECT COUNT(*) FROM ferry_checkpoints WHERE execution_arn = ?", parameters: [.text(arn)]
            ) { try await $0.collectRows() }
            #expect(left.first?.first == .integer(0))
        }
    }

    @Test(arguments: Backend.allCases)
    func appendEventsEnforcesSequenceAndAtomicity(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            let started = HistoryEvent(
                id: 1, type: "ExecutionStarted", timestamp: clock.now, details: ["input": "{}", "roleArn": "r"])
            try await store.appendEvents(executionArn: arn, events: [started])
            try await store.appendEvents(
                executionArn: arn,
                events: [
                    HistoryEvent(id: 2, previousEventId: 1, type: "PassStateEntered", timestamp: clock.now),
                    HistoryEvent(id: 3, previousEventId: 2, type: "PassStateExited", timestamp: clock.now),
                ])
            #expect(try await store.lastEventId(executionArn: arn) == 3)
            // The same id again, a gap, and a batch whose second event repeats the first: all refused, nothing stored.
            await expectStoreError(.eventConflict) {
                try await store.appendEvents(
                    executionArn: arn, events: [HistoryEvent(id: 3, type: "PassStateExited", timestamp: clock.now)])
            }
            await expectStoreError(.eventConflict) {
                try await store.appendEvents(
                    executionArn: arn, events: [HistoryEvent(id: 5, type: "X", timestamp: clock.now)])
            }
            await expectStoreError(.eventConflict) {
                try await store.appendEvents(
                    executionArn: arn,
                    events: [
                        HistoryEvent(id: 4, type: "X", timestamp: clock.now),
                        HistoryEvent(id: 4, type: "Y", timestamp: clock.now),
                    ])
            }
            #expect(try await store.lastEventId(executionArn: arn) == 3)
            await expectStoreError(.executionDoesNotExist) {
                try await store.appendEvents(executionArn: arn + "x", events: [started])
            }
            let history = try await store.history(executionArn: arn)
            #expect(history.items.map(\.id) == [1, 2, 3])
            #expect(history.items[0] == started)
            #expect(history.items[1].previousEventId == 1)
            #expect(history.nextToken == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func historyPagesBothWays(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            let events = (1...11).map {
                HistoryEvent(id: $0, type: "Event\($0)", timestamp: clock.now, details: ["i": .integer($0)])
            }
            try await store.appendEvents(executionArn: arn, events: events)
            for reverse in [false, true] {
                var ids: [Int] = []
                var token: String?
                repeat {
                    let page = try await store.history(
                        executionArn: arn, reverseOrder: reverse, maxResults: 4, nextToken: token)
                    ids += page.items.map(\.id)
                    token = page.nextToken
                } while token != nil && ids.count < 50
                #expect(ids == (reverse ? Array((1...11).reversed()) : Array(1...11)))
            }
            let forwardToken = try await store.history(executionArn: arn, maxResults: 2).nextToken
            await expectStoreError(.invalidToken) {
                try await store.history(executionArn: arn, reverseOrder: true, nextToken: forwardToken)
            }
            await expectStoreError(.executionDoesNotExist) { try await store.history(executionArn: arn + "x") }
        }
    }

    @Test(arguments: Backend.allCases)
    func finishingWithTheLastEventsIsAtomic(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            try await store.appendEvents(
                executionArn: arn, events: [HistoryEvent(id: 1, type: "ExecutionStarted", timestamp: clock.now)])
            let succeeded = HistoryEvent(
                id: 2, previousEventId: 1, type: "ExecutionSucceeded", timestamp: clock.now, details: ["output": "{}"])
            // A wrong id refuses the whole finish: the execution stays RUNNING with its history unchanged.
            await expectStoreError(.eventConflict) {
                try await store.finishExecution(
                    arn: arn, status: .succeeded, output: [:],
                    events: [HistoryEvent(id: 1, type: "X", timestamp: clock.now)])
            }
            #expect(try await store.describeExecution(arn: arn).status == .running)
            // So does a worker without the lease.
            await expectStoreError(.leaseLost) {
                try await store.finishExecution(
                    arn: arn, status: .succeeded, output: [:], events: [succeeded], worker: "w")
            }
            #expect(try await store.lastEventId(executionArn: arn) == 1)
            let finished = try await store.finishExecution(
                arn: arn, status: .succeeded, output: [:], events: [succeeded])
            #expect(finished.status == .succeeded)
            #expect(
                try await store.history(executionArn: arn).items.map(\.type) == [
                    "ExecutionStarted", "ExecutionSucceeded",
                ])
        }
    }

    @Test(arguments: Backend.allCases)
    func oneStoreServesManyTasksAtOnce(backend: Backend) async throws {
        try await withFreshMachine(backend) { store, _, machine in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<25 {
                    group.addTask {
                        let arn = try await store.startExecution(stateMachineArn: machine.arn, name: "e\(i)").execution
                            .arn
                        try await store.appendEvents(
                            executionArn: arn, events: [HistoryEvent(id: 1, type: "ExecutionStarted", timestamp: .now)])
                        try await store.finishExecution(arn: arn, status: .succeeded, output: ["i": .integer(i)])
                    }
                }
                try await group.waitForAll()
            }
            let done = try await store.listExecutions(stateMachineArn: machine.arn, statusFilter: .succeeded)
            #expect(done.items.count == 25)
        }
    }

    @Test(arguments: Backend.allCases)
    func twoWritersNeverDuplicateAnEvent(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, url, arn in
            try await withSQLConnection(url: url) { second in
                let other = Store(connection: second, configuration: clock.configuration)
                for id in 1...15 {
                    let event = HistoryEvent(id: id, type: "Step", timestamp: clock.now)
                    let results = await withTaskGroup(of: String.self) { group in
                        for writer in [store, other] {
                            group.addTask {
                                do {
                                    try await writer.appendEvents(executionArn: arn, events: [event])
                                    return "ok"
                                } catch let error as StoreError {
                                    return error.code.description
                                } catch {
                                    return "\(error)"
                                }
                            }
                        }
                        return await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(results.sorted() == ["eventConflict", "ok"], "event \(id): \(results)")
                }
            }
            let ids = try await store.history(executionArn: arn, maxResults: 100).items.map(\.id)
            #expect(ids == Array(1...15))
        }
    }

    // MARK: Leases

    @Test(arguments: Backend.allCases)
    func leaseExpiryLetsAnotherWorkerClaim(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            let t0 = clock.now
            let claimedByA = try await store.claimExecutions(
                worker: "a", limit: 5, leaseDuration: .seconds(60), now: t0)
            #expect(claimedByA.map(\.arn) == [arn])
            #expect(claimedByA.first?.leaseOwner == "a")
            #expect(claimedByA.first?.leaseExpiry == t0.addingTimeInterval(60))
            #expect(
                try await store.claimExecutions(worker: "b", limit: 5, leaseDuration: .seconds(60), now: t0 + 30)
                    .isEmpty)
            // A renews at 50 s (to 110 s); B cannot claim at 61 s, but can after the renewed lease expires.
            try await store.renewLease(executionArn: arn, worker: "a", leaseDuration: .seconds(60), now: t0 + 50)
            #expect(
                try await store.claimExecutions(worker: "b", limit: 5, leaseDuration: .seconds(60), now: t0 + 61)
                    .isEmpty)
            await expectStoreError(.leaseLost) {
                try await store.renewLease(executionArn: arn, worker: "b", leaseDuration: .seconds(60), now: t0 + 61)
            }
            let claimedByB = try await store.claimExecutions(
                worker: "b", limit: 5, leaseDuration: .seconds(60), now: t0 + 111)
            #expect(claimedByB.map(\.arn) == [arn])
            await expectStoreError(.leaseLost) {
                try await store.renewLease(executionArn: arn, worker: "a", leaseDuration: .seconds(60), now: t0 + 112)
            }
            // The fence: A can no longer append history; B can.
            clock.advance(seconds: 112)
            await expectStoreError(.leaseLost) {
                try await store.appendEvents(
                    executionArn: arn, events: [HistoryEvent(id: 1, type: "X", timestamp: clock.now)], worker: "a")
            }
            try await store.appendEvents(
                executionArn: arn, events: [HistoryEvent(id: 1, type: "X", timestamp: clock.now)], worker: "b")
            await expectStoreError(.leaseLost) { try await store.releaseLease(executionArn: arn, worker: "a") }
            try await store.releaseLease(executionArn: arn, worker: "b")
            #expect(
                try await store.claimExecutions(worker: "a", limit: 1, leaseDuration: .seconds(1), now: t0 + 113).count
                    == 1)
            // A finished execution is never claimed, and its lease is gone.
            try await store.finishExecution(arn: arn, status: .succeeded, output: [:])
            #expect(try await store.describeExecution(arn: arn).leaseOwner == nil)
            #expect(
                try await store.claimExecutions(worker: "b", limit: 5, leaseDuration: .seconds(60), now: t0 + 999)
                    .isEmpty)
            await expectStoreError(.invalidValue) {
                try await store.claimExecutions(worker: "b", limit: 0, leaseDuration: .seconds(60), now: t0)
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentWorkersNeverClaimTheSameExecution(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, url, machine in
            var all: Set<String> = []
            for i in 0..<40 {
                all.insert(try await store.startExecution(stateMachineArn: machine.arn, name: "e\(i)").execution.arn)
            }
            let now = clock.now
            let claims = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for worker in ["w1", "w2", "w3"] {
                    group.addTask {
                        try await withSQLConnection(url: url) { connection in
                            let workerStore = Store(connection: connection, configuration: clock.configuration)
                            var mine: [String] = []
                            while true {
                                let batch = try await workerStore.claimExecutions(
                                    worker: worker, limit: 3, leaseDuration: .seconds(300), now: now)
                                if batch.isEmpty { break }
                                #expect(batch.allSatisfy { $0.leaseOwner == worker })
                                mine += batch.map(\.arn)
                            }
                            return (worker, mine)
                        }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let claimed = claims.values.flatMap { $0 }
            #expect(claimed.count == 40, "claims: \(claims.mapValues(\.count))")
            #expect(Set(claimed) == all)
            let owners = try await store.listExecutions(stateMachineArn: machine.arn, maxResults: 100).items
            for execution in owners {
                #expect(claims[execution.leaseOwner ?? ""]?.contains(execution.arn) == true)
            }
        }
    }

    // MARK: Task tokens

    @Test(arguments: Backend.allCases)
    func taskTokens(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            let token = try await store.createTaskToken(executionArn: arn, stateName: "Approve", eventId: 4)
            let other = try await store.createTaskToken(executionArn: arn, stateName: "Approve", eventId: 9)
            #expect(token.count == 43)
            #expect(token != other)
            let waiting = try await store.taskToken(token)
            #expect(waiting.status == .waiting)
            #expect(waiting.stateName == "Approve")
            #expect(waiting.eventId == 4)
            clock.advance(seconds: 3)
            try await store.heartbeat(token: token)
            #expect(try await store.taskToken(token).heartbeatDate == clock.now)

            let answered = try await store.completeTaskToken(token: token, result: .success(["approved": true]))
            #expect(answered.status == .succeeded)
            #expect(answered.output == ["approved": true])
            await expectStoreError(.taskTimedOut) {
                try await store.completeTaskToken(token: token, result: .success([:]))
            }
            await expectStoreError(.taskTimedOut) { try await store.heartbeat(token: token) }
            await expectStoreError(.taskDoesNotExist) {
                try await store.completeTaskToken(token: "x" + token, result: .success([:]))
            }
            await expectStoreError(.taskDoesNotExist) { try await store.heartbeat(token: "unknown") }
            await expectStoreError(.invalidToken) { try await store.taskToken("") }
            await expectStoreError(.executionDoesNotExist) {
                try await store.createTaskToken(executionArn: arn + "x", stateName: "S", eventId: 1)
            }

            let failing = try await store.createTaskToken(executionArn: arn, stateName: "Other", eventId: 12)
            let failed = try await store.completeTaskToken(
                token: failing, result: .failure(error: "Rejected", cause: "no"))
            #expect(failed.status == .failed)
            #expect(failed.error == "Rejected")
            #expect(failed.cause == "no")
            let abandoned = try await store.createTaskToken(executionArn: arn, stateName: "Timed", eventId: 20)
            try await store.closeTaskToken(token: abandoned)
            #expect(try await store.taskToken(abandoned).status == .closed)
            await expectStoreError(.taskTimedOut) { try await store.heartbeat(token: abandoned) }
            #expect(try await store.taskTokens(executionArn: arn).map(\.eventId) == [4, 9, 12, 20])
            #expect(try await store.taskTokens(executionArn: arn, status: .waiting).map(\.token) == [other])
            await expectStoreError(.executionDoesNotExist) { try await store.taskTokens(executionArn: arn + "x") }
            // Finishing the execution closes the tokens still waiting.
            try await store.finishExecution(arn: arn, status: .failed, error: "E")
            #expect(try await store.taskToken(other).status == .closed)
            await expectStoreError(.taskTimedOut) {
                try await store.completeTaskToken(token: other, result: .success([:]))
            }
        }
    }

    @Test(arguments: Backend.allCases)
    func issuedTaskTokensAreFoundAgainByStepKey(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshExecution(backend, clock: clock) { store, _, arn in
            let first = try await store.issueTaskToken(executionArn: arn, stepKey: "0/Ask#1/0", stateName: "Ask", eventId: 2)
            #expect(first.status == .waiting)
            #expect(first.stepKey == "0/Ask#1/0")
            #expect(first.submittedOutput == nil)
            #expect(first.token.count == 43)
            // The same step and attempt get the same token (a resumed execution), another attempt a new one.
            #expect(try await store.issueTaskToken(executionArn: arn, stepKey: "0/Ask#1/0", stateName: "Ask", eventId: 9)
                .token == first.token)
            let retry = try await store.issueTaskToken(executionArn: arn, stepKey: "0/Ask#1/1", stateName: "Ask", eventId: 9)
            #expect(retry.token != first.token)
            try await store.recordTaskSubmission(token: first.token, output: ["MessageId": "m"])
            #expect(try await store.taskToken(first.token).submittedOutput == ["MessageId": "m"])
            // An answered token is handed back with its answer.
            try await store.completeTaskToken(token: first.token, result: .success("yes"))
            let again = try await store.issueTaskToken(executionArn: arn, stepKey: "0/Ask#1/0", stateName: "Ask", eventId: 2)
            #expect(again.token == first.token)
            #expect(again.status == .succeeded)
            #expect(again.submittedOutput == ["MessageId": "m"])
            // A closed token is replaced.
            try await store.closeTaskToken(token: retry.token)
            let replaced = try await store.issueTaskToken(executionArn: arn, stepKey: "0/Ask#1/1", stateName: "Ask", eventId: 9)
            #expect(replaced.token != retry.token)
            #expect(replaced.status == .waiting)
            #expect(try await store.taskToken(replaced.token).stepKey == "0/Ask#1/1")
            await expectStoreError(.taskDoesNotExist) {
                try await store.recordTaskSubmission(token: "unknown", output: [:])
            }
            await expectStoreError(.executionDoesNotExist) {
                try await store.issueTaskToken(executionArn: arn + "x", stepKey: "k", stateName: "S", eventId: 1)
            }
        }
    }

    // MARK: Schedules

    @Test(arguments: Backend.allCases)
    func schedules(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, _, machine in
            let put = try await store.putSchedule(
                name: "nightly", expression: "cron(0 3 * * ? *)", timezone: "Europe/Berlin",
                stateMachineArn: machine.arn, input: ["full": true])
            #expect(put.lastFired == nil)
            #expect(put.overlap == "skip")
            let fired = clock.now.addingTimeInterval(-60)
            try await store.setLastFired(scheduleName: "nightly", at: fired)
            let replaced = try await store.putSchedule(
                name: "nightly", expression: "rate(5 minutes)", stateMachineArn: machine.arn, overlap: "allowAll")
            #expect(replaced.expression == "rate(5 minutes)")
            #expect(replaced.timezone == "UTC")
            #expect(replaced.overlap == "allowAll")
            #expect(replaced.lastFired == fired)
            #expect(try await store.schedule(named: "nightly") == replaced)
            for name in ["c", "a", "b"] {
                try await store.putSchedule(name: name, expression: "rate(1 hour)", stateMachineArn: machine.arn)
            }
            let first = try await store.listSchedules(maxResults: 3)
            #expect(first.items.map(\.name) == ["a", "b", "c"])
            let second = try await store.listSchedules(maxResults: 3, nextToken: first.nextToken)
            #expect(second.items.map(\.name) == ["nightly"])
            #expect(second.nextToken == nil)
            try await store.deleteSchedule(name: "a")
            await expectStoreError(.scheduleDoesNotExist) { try await store.deleteSchedule(name: "a") }
            await expectStoreError(.scheduleDoesNotExist) { try await store.schedule(named: "a") }
            await expectStoreError(.scheduleDoesNotExist) { try await store.setLastFired(scheduleName: "a", at: fired) }
            await expectStoreError(.stateMachineDoesNotExist) {
                try await store.putSchedule(name: "x", expression: "rate(1 hour)", stateMachineArn: machine.arn + "x")
            }
        }
    }

    // MARK: Retention

    @Test(arguments: Backend.allCases)
    func retentionDeletesOnlyOldFinishedExecutions(backend: Backend) async throws {
        let clock = TestClock()
        try await withFreshMachine(backend, clock: clock) { store, _, machine in
            var arns: [String] = []
            for i in 0..<4 {
                let arn = try await store.startExecution(stateMachineArn: machine.arn, name: "e\(i)").execution.arn
                try await store.appendEvents(
                    executionArn: arn, events: [HistoryEvent(id: 1, type: "ExecutionStarted", timestamp: clock.now)])
                _ = try await store.createTaskToken(executionArn: arn, stateName: "S", eventId: 1)
                arns.append(arn)
            }
            try await store.finishExecution(arn: arns[0], status: .succeeded, output: [:])
            try await store.finishExecution(arn: arns[1], status: .failed, error: "E")
            let cutoff = clock.now.addingTimeInterval(1)
            clock.advance(seconds: 10)
            try await store.finishExecution(arn: arns[2], status: .succeeded, output: [:])  // after the cutoff
            #expect(try await store.deleteExecutions(finishedBefore: cutoff) == 2)
            for arn in arns.prefix(2) {
                await expectStoreError(.executionDoesNotExist) { try await store.describeExecution(arn: arn) }
            }
            #expect(try await store.lastEventId(executionArn: arns[0]) == 0)
            #expect(try await store.describeExecution(arn: arns[2]).status == .succeeded)
            #expect(try await store.describeExecution(arn: arns[3]).status == .running)
            #expect(try await store.history(executionArn: arns[3]).items.count == 1)
            #expect(try await store.deleteExecutions(finishedBefore: cutoff) == 0)
        }
    }
}
