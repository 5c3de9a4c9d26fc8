import Foundation
import JSONValue
import StatesLanguage
import Synchronization

/// The durable side of one execution: the history ids, the events and checkpoints not yet committed, the chain of
/// commits, and the checkpoints it replays.
///
/// Exists only when the configuration has a journal or a resumption, so runs without either pay a nil check.
///
/// Commits: ``commit(adding:)`` drains every pending event (of all threads) and checkpoint under the lock and, under
/// the same lock, appends a task to the chain that first awaits its predecessor, then calls the journal. Drain order
/// is therefore commit order, ids stay consecutive across commits, and the journal is never called concurrently.
/// The calling thread then awaits that task (or, when nothing was pending, the chain's tail, which finishes after
/// the commit that took its events). Every chain task is awaited by the thread that made it, so none outlives the
/// run; the tasks keep a commit from being cancelled with the thread that happens to make it (a commit may carry
/// other threads' events). After a failed commit, nothing more is committed and every commit throws its error.
final class DurableRun: Sendable {
    /// The checkpoints being replayed, by key (empty when not resuming).
    let checkpoints: [String: Checkpoint]
    /// Where commits go; nil when only replaying.
    let journal: (any ExecutionJournal)?
    /// Whether the events are also kept for ``ExecutionResult/events``.
    let keepsHistory: Bool
    private let state: Mutex<State>

    private struct State {
        var lastID: Int
        var kept: [HistoryEvent] = []
        var pendingEvents: [HistoryEvent] = []
        var pendingCheckpoints: [Checkpoint] = []
        /// The most recent commit; each commit awaits the one before it.
        var tail: Task<Void, any Error>?
        var failure: JournalError?
    }

    init(journal: (any ExecutionJournal)?, resumption: Resumption?, keepsHistory: Bool) {
        self.journal = journal
        self.checkpoints = resumption?.checkpoints ?? [:]
        self.keepsHistory = keepsHistory
        state = Mutex(State(lastID: resumption?.lastEventID ?? 0))
    }

    /// Records an event with the next id and returns the id.
    func record(_ type: String, after previous: Int, timestamp: Date, _ details: HistoryEvent.Details?) -> Int {
        let isJournalling = journal != nil
        return state.withLock { state in
            state.lastID += 1
            if keepsHistory || isJournalling {
                let event = HistoryEvent(id: state.lastID, previousEventId: previous, timestamp: timestamp, type: type,
                                         details: details)
                if keepsHistory { state.kept.append(event) }
                if isJournalling { state.pendingEvents.append(event) }
            }
            return state.lastID
        }
    }

    /// The events recorded by this run, when history is kept.
    var events: [HistoryEvent] { state.withLock { $0.kept } }

    /// The id of the most recent event.
    var lastID: Int { state.withLock { $0.lastID } }

    /// Commits every pending event, the pending checkpoints and `checkpoint`, and returns once they (and every
    /// earlier commit) are durable. Does nothing without a journal.
    ///
    /// Not cancellable: it returns when the journal's commit returns.
    /// - Throws: ``JournalError`` when this commit, or an earlier one, failed.
    func commit(adding checkpoint: Checkpoint? = nil) async throws(JournalError) {
        guard let journal else { return }
        let awaited: Result<Task<Void, any Error>?, JournalError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            if let checkpoint { state.pendingCheckpoints.append(checkpoint) }
            guard !state.pendingEvents.isEmpty || !state.pendingCheckpoints.isEmpty else { return .success(state.tail) }
            let events = state.pendingEvents
            let checkpoints = state.pendingCheckpoints
            state.pendingEvents = []
            state.pendingCheckpoints = []
            let previous = state.tail
            let commit = Task {
                // A failed predecessor fails this commit too, without calling the journal.
                try await previous?.value
                do {
                    try await journal.commit(events: events, checkpoints: checkpoints)
                } catch {
                    let failure = error as? JournalError ?? JournalError(underlying: error)
                    self.fail(failure)
                    throw failure
                }
            }
            state.tail = commit
            return .success(commit)
        }
        do {
            try await awaited.get()?.value
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError(underlying: error)
        }
    }

    /// Remembers the first failed commit.
    private func fail(_ failure: JournalError) {
        state.withLock { state in
            if state.failure == nil { state.failure = failure }
        }
    }
}

extension State {
    /// Whether running the state waits on something outside the interpreter (a Task's work, a Wait's time), so that
    /// a durable run commits its entry before it starts; other states' entries are committed with their exits.
    var waitsOnTheOutsideWorld: Bool {
        switch kind {
        case .task, .wait: true
        case .pass, .succeed, .fail, .choice, .parallel, .map: false
        }
    }
}
