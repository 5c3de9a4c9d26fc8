import Store

/// The store's execution status, named apart from StepFunctionsAPI's for files that import both modules.
typealias StoredExecutionStatus = ExecutionStatus
