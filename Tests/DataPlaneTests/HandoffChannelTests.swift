@testable import DataPlane
import Synchronization
import Testing

/// Counts live instances, so a test can see whether the channel still holds elements it handed over.
private final class Tracked: Sendable {
    static let live = Atomic<Int>(0)
    let value: Int
    init(_ value: Int) {
        self.value = value
        Self.live.wrappingAdd(1, ordering: .relaxed)
    }
    deinit { Self.live.wrappingSubtract(1, ordering: .relaxed) }
}

@Suite(.serialized) struct HandoffChannelTests {
    @Test func deliversInOrderAndEnds() async throws {
        let channel = HandoffChannel<Int>(capacity: 2)
        async let produced: Void = {
            for i in 0..<100 { try await channel.send(i) }
            channel.finish()
        }()
        var received: [Int] = []
        while let next = try await channel.receive() { received.append(next) }
        try await produced
        #expect(received == Array(0..<100))
    }

    /// A channel between a producer and a C client's reader passes megabytes per element: an element it has handed
    /// over must be freed at once, not kept until some later compaction (that held ~50 MB in the pipeline).
    @Test func releasesElementsOnceReceived() async throws {
        let before = Tracked.live.load(ordering: .relaxed)
        let channel = HandoffChannel<Tracked>(capacity: 4)
        for round in 0..<50 {
            try await channel.send(Tracked(round))
            let element = try await channel.receive()
            #expect(element?.value == round)
        }
        #expect(Tracked.live.load(ordering: .relaxed) == before)
        withExtendedLifetime(channel) {}
    }

    @Test func errorReachesTheConsumerAfterBufferedElements() async throws {
        struct Boom: Error {}
        let channel = HandoffChannel<Int>(capacity: 4)
        try await channel.send(1)
        channel.finish(throwing: Boom())
        #expect(try await channel.receive() == 1)
        await #expect(throws: Boom.self) { try await channel.receive() }
    }
}
