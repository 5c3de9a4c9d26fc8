import JSONValue
import StatesLanguage
import Testing

private let jsonata = #""QueryLanguage": "JSONata","#

/// A Map state `S` whose item processor has the given ProcessorConfig (JSON object text).
private func configured(_ config: String, _ fields: String = "") -> String {
    machine(state: #"{"Type": "Map", \#(fields) "ItemProcessor": {"ProcessorConfig": \#(config), "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}"#)
}

private let distributed = #"{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}"#

@Suite struct ValidatorMapTests {
    static let invalid: [RuleCase] = [
        // ItemProcessor / Iterator
        RuleCase("missing ItemProcessor", machine(state: #"{"Type": "Map", "End": true}"#), at: "/States/S", "\"ItemProcessor\""),
        RuleCase("ItemProcessor and Iterator",
                 machine(state: #"{"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "Iterator": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}, "End": true}"#),
                 at: "/States/S/Iterator", "cannot be used together"),
        RuleCase("ItemProcessor is an array", machine(state: #"{"Type": "Map", "ItemProcessor": [], "End": true}"#),
                 at: "/States/S/ItemProcessor", "an object"),
        RuleCase("ItemProcessor without StartAt", machine(state: #"{"Type": "Map", "ItemProcessor": {"States": {"I": {"Type": "Succeed"}}}, "End": true}"#),
                 at: "/States/S/ItemProcessor", "\"StartAt\""),
        RuleCase("ItemProcessor without States", machine(state: #"{"Type": "Map", "ItemProcessor": {"StartAt": "I"}, "End": true}"#),
                 at: "/States/S/ItemProcessor", "\"States\""),
        RuleCase("unknown field in ItemProcessor",
                 machine(state: #"{"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}, "Mode": "INLINE"}, "End": true}"#),
                 at: "/States/S/ItemProcessor/Mode"),
        RuleCase("invalid state in the item processor",
                 machine(state: #"{"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Task", "End": true}}}, "End": true}"#),
                 at: "/States/S/ItemProcessor/States/I", "\"Resource\""),
        RuleCase("invalid state in a deprecated Iterator",
                 machine(state: #"{"Type": "Map", "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass"}}}, "End": true}"#),
                 at: "/States/S/Iterator/States/I", "neither"),
        // ProcessorConfig
        RuleCase("unknown Mode", configured(#"{"Mode": "PARALLEL"}"#), at: "/States/S/ItemProcessor/ProcessorConfig/Mode", "\"INLINE\""),
        RuleCase("DISTRIBUTED without ExecutionType", configured(#"{"Mode": "DISTRIBUTED"}"#),
                 at: "/States/S/ItemProcessor/ProcessorConfig", "\"ExecutionType\""),
        RuleCase("unknown ExecutionType", configured(#"{"Mode": "DISTRIBUTED", "ExecutionType": "FAST"}"#),
                 at: "/States/S/ItemProcessor/ProcessorConfig/ExecutionType", "\"FAST\""),
        RuleCase("unknown ProcessorConfig field", configured(#"{"Mode": "INLINE", "Concurrency": 3}"#),
                 at: "/States/S/ItemProcessor/ProcessorConfig/Concurrency"),
        RuleCase("ProcessorConfig is a string", configured(#""INLINE""#), at: "/States/S/ItemProcessor/ProcessorConfig", "an object"),
        // ItemsPath, ItemSelector, Parameters
        RuleCase("ItemsPath is a number", machine(state: map(#""ItemsPath": 1,"#)), at: "/States/S/ItemsPath"),
        RuleCase("ItemSelector and Parameters", machine(state: map(#""ItemSelector": {}, "Parameters": {},"#)),
                 at: "/States/S/Parameters", "cannot be used together"),
        RuleCase("ItemSelector is an array", machine(state: map(#""ItemSelector": [],"#)), at: "/States/S/ItemSelector", "an object"),
        // MaxConcurrency
        RuleCase("MaxConcurrency negative", machine(state: map(#""MaxConcurrency": -1,"#)), at: "/States/S/MaxConcurrency", "at least 0"),
        RuleCase("MaxConcurrency fractional", machine(state: map(#""MaxConcurrency": 2.5,"#)), at: "/States/S/MaxConcurrency", "whole number"),
        RuleCase("MaxConcurrency string", machine(state: map(#""MaxConcurrency": "5","#)), at: "/States/S/MaxConcurrency"),
        RuleCase("MaxConcurrency and MaxConcurrencyPath", machine(state: map(#""MaxConcurrency": 1, "MaxConcurrencyPath": "$.m","#)),
                 at: "/States/S/MaxConcurrencyPath", "cannot be used together"),
        RuleCase("MaxConcurrencyPath selects many", machine(state: map(#""MaxConcurrencyPath": "$.m[*]","#)),
                 .invalidJSONPath, at: "/States/S/MaxConcurrencyPath"),
        // ToleratedFailure*
        RuleCase("ToleratedFailurePercentage above 100", configured(distributed, #""ToleratedFailurePercentage": 100.5,"#),
                 at: "/States/S/ToleratedFailurePercentage", "100"),
        RuleCase("ToleratedFailurePercentage negative", configured(distributed, #""ToleratedFailurePercentage": -1,"#),
                 at: "/States/S/ToleratedFailurePercentage"),
        RuleCase("ToleratedFailurePercentage string", configured(distributed, #""ToleratedFailurePercentage": "5","#),
                 at: "/States/S/ToleratedFailurePercentage", "a number"),
        RuleCase("ToleratedFailureCount negative", configured(distributed, #""ToleratedFailureCount": -1,"#),
                 at: "/States/S/ToleratedFailureCount"),
        RuleCase("ToleratedFailureCount and its Path", configured(distributed, #""ToleratedFailureCount": 1, "ToleratedFailureCountPath": "$.c","#),
                 at: "/States/S/ToleratedFailureCountPath", "cannot be used together"),
        RuleCase("ToleratedFailurePercentage and its Path",
                 configured(distributed, #""ToleratedFailurePercentage": 1, "ToleratedFailurePercentagePath": "$.p","#),
                 at: "/States/S/ToleratedFailurePercentagePath", "cannot be used together"),
        RuleCase("ToleratedFailureCountPath descendant", configured(distributed, #""ToleratedFailureCountPath": "$..c","#),
                 .invalidJSONPath, at: "/States/S/ToleratedFailureCountPath"),
        // Label
        RuleCase("empty Label", configured(distributed, #""Label": "","#), at: "/States/S/Label", "empty"),
        RuleCase("Label of 41 characters", configured(distributed, #""Label": "\#(String(repeating: "l", count: 41))","#),
                 at: "/States/S/Label", "40"),
        RuleCase("Label is a number", configured(distributed, #""Label": 1,"#), at: "/States/S/Label", "a string"),
        // ItemReader
        RuleCase("ItemReader is a string", machine(state: map(#""ItemReader": "s3","#)), at: "/States/S/ItemReader", "an object"),
        RuleCase("ItemReader without Resource", machine(state: map(#""ItemReader": {"ReaderConfig": {}},"#)),
                 at: "/States/S/ItemReader", "\"Resource\""),
        RuleCase("ItemReader Resource not an ARN", machine(state: map(#""ItemReader": {"Resource": "s3"},"#)),
                 at: "/States/S/ItemReader/Resource"),
        RuleCase("unknown ItemReader field", machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameter": {}},"#)),
                 at: "/States/S/ItemReader/Parameter", "did you mean \"Parameters\""),
        RuleCase("unknown InputType", machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "XML"}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig/InputType", "\"CSV\""),
        RuleCase("GIVEN headers missing",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig", "\"CSVHeaders\""),
        RuleCase("CSVHeaders not strings",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", 1]}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig/CSVHeaders"),
        RuleCase("MaxItems negative",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": -1}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig/MaxItems"),
        RuleCase("MaxItems and MaxItemsPath",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"MaxItems": 1, "MaxItemsPath": "$.n"}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig/MaxItemsPath", "cannot be used together"),
        RuleCase("unknown CSVDelimiter",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVDelimiter": ";"}},"#)),
                 at: "/States/S/ItemReader/ReaderConfig/CSVDelimiter"),
        // ItemBatcher
        RuleCase("empty ItemBatcher", machine(state: map(#""ItemBatcher": {},"#)), at: "/States/S/ItemBatcher", "\"MaxItemsPerBatch\""),
        RuleCase("ItemBatcher with only BatchInput", machine(state: map(#""ItemBatcher": {"BatchInput": {"a": 1}},"#)),
                 at: "/States/S/ItemBatcher", "\"MaxItemsPerBatch\""),
        RuleCase("MaxItemsPerBatch zero", machine(state: map(#""ItemBatcher": {"MaxItemsPerBatch": 0},"#)),
                 at: "/States/S/ItemBatcher/MaxItemsPerBatch"),
        RuleCase("MaxInputBytesPerBatch above 256 KiB", machine(state: map(#""ItemBatcher": {"MaxInputBytesPerBatch": 262145},"#)),
                 at: "/States/S/ItemBatcher/MaxInputBytesPerBatch", "262144"),
        RuleCase("MaxItemsPerBatch and its Path", machine(state: map(#""ItemBatcher": {"MaxItemsPerBatch": 5, "MaxItemsPerBatchPath": "$.n"},"#)),
                 at: "/States/S/ItemBatcher/MaxItemsPerBatchPath", "cannot be used together"),
        RuleCase("BatchInput is a string", machine(state: map(#""ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": "x"},"#)),
                 at: "/States/S/ItemBatcher/BatchInput", "an object"),
        RuleCase("ItemBatcher is an array", machine(state: map(#""ItemBatcher": [],"#)), at: "/States/S/ItemBatcher"),
        // ResultWriter
        RuleCase("empty ResultWriter", machine(state: map(#""ResultWriter": {},"#)), at: "/States/S/ResultWriter", "\"Resource\""),
        RuleCase("unknown OutputType",
                 machine(state: map(#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "WriterConfig": {"OutputType": "CSV"}},"#)),
                 at: "/States/S/ResultWriter/WriterConfig/OutputType", "\"JSON\""),
        RuleCase("unknown Transformation",
                 machine(state: map(#""ResultWriter": {"WriterConfig": {"Transformation": "SQUASH"}},"#)),
                 at: "/States/S/ResultWriter/WriterConfig/Transformation", "\"FLATTEN\""),
        RuleCase("unknown ResultWriter field", machine(state: map(#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Bucket": "b"},"#)),
                 at: "/States/S/ResultWriter/Bucket"),
        // JSONata Map
        RuleCase("JSONata Items is a number", machine(state: map(#""Items": 3,"#), top: jsonata), at: "/States/S/Items"),
        RuleCase("JSONata ItemSelector is plain text", machine(state: map(#""ItemSelector": "x","#), top: jsonata),
                 at: "/States/S/ItemSelector"),
        RuleCase("JSONata ItemReader with Parameters",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {}},"#), top: jsonata),
                 at: "/States/S/ItemReader/Parameters"),
        RuleCase("JSONPath ItemReader with Arguments",
                 machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {}},"#)),
                 at: "/States/S/ItemReader/Arguments"),
    ]

    @Test(arguments: invalid)
    func rejects(_ c: RuleCase) throws { try c.check() }

    @Test(arguments: [" ", "<", ">", "{", "}", "[", "]", "?", "*", "\"", "#", "%", "\\", "^", "|", "~", "`", "$", "&", ",", ";",
                      ":", "/", "\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}", "\t", "\u{A0}"])
    func labelRejectsForbiddenCharacters(_ character: String) throws {
        let label = JSONValue.string("run" + character + "x").serialized()
        let result = try validate(configured(distributed, #""Label": \#(label),"#))
        expectError(result, .schemaValidationFailed, at: "/States/S/Label", "invalid character")
    }

    static let valid: [ValidCase] = [
        ValidCase("minimal inline", machine(state: map())),
        ValidCase("inline ProcessorConfig", configured(#"{"Mode": "INLINE"}"#)),
        ValidCase("distributed STANDARD", configured(distributed)),
        ValidCase("distributed EXPRESS", configured(#"{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}"#)),
        ValidCase("ItemsPath and ItemSelector", machine(state: map(#""ItemsPath": "$.items", "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},"#))),
        ValidCase("MaxConcurrency zero", machine(state: map(#""MaxConcurrency": 0,"#))),
        ValidCase("MaxConcurrencyPath", machine(state: map(#""MaxConcurrencyPath": "$.limit","#))),
        ValidCase("tolerated failures", configured(distributed, #""ToleratedFailureCount": 0, "ToleratedFailurePercentage": 100,"#)),
        ValidCase("tolerated failure paths", configured(distributed, #""ToleratedFailureCountPath": "$.c", "ToleratedFailurePercentagePath": "$.p","#)),
        ValidCase("fractional percentage", configured(distributed, #""ToleratedFailurePercentage": 12.5,"#)),
        ValidCase("Label of 40 characters", configured(distributed, #""Label": "\#(String(repeating: "l", count: 40))","#)),
        ValidCase("Label with allowed punctuation", configured(distributed, #""Label": "my_label-1.v2(x)!@='+","#)),
        ValidCase("S3 CSV reader",
                  configured(distributed, #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"], "CSVDelimiter": "SEMICOLON", "MaxItems": 10}, "Parameters": {"Bucket": "b", "Key.$": "$.key"}},"#)),
        ValidCase("S3 listObjectsV2 reader",
                  configured(distributed, #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#)),
        ValidCase("manifest reader", configured(distributed, #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST", "ManifestType": "S3_INVENTORY", "MaxItemsPath": "$.n"}, "Parameters": {"Bucket": "b", "Key": "k"}},"#)),
        ValidCase("ItemBatcher", configured(distributed, #""ItemBatcher": {"MaxItemsPerBatch": 10, "MaxInputBytesPerBatch": 262144, "BatchInput": {"a.$": "$.x"}},"#)),
        ValidCase("ItemBatcher paths", configured(distributed, #""ItemBatcher": {"MaxItemsPerBatchPath": "$.n"},"#)),
        ValidCase("ResultWriter", configured(distributed, #""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},"#)),
        ValidCase("ResultWriter with WriterConfig only", configured(distributed, #""ResultWriter": {"WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}},"#)),
        ValidCase("Retry and Catch", #"{"StartAt": "S", "States": {"S": \#(map(#""Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],"#)), "H": {"Type": "Fail"}}}"#),
        ValidCase("nested Map", machine(state: #"{"Type": "Map", "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": \#(map(inner: "Deep"))}}, "End": true}"#)),
        ValidCase("JSONata Map", machine(state: map(#""Items": [1, 2, "{% $x %}"], "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"}, "MaxConcurrency": 2, "ToleratedFailureCount": "{% $n %}","#), top: jsonata)),
        ValidCase("JSONata Items expression", machine(state: map(#""Items": "{% $states.input.list %}", "ItemSelector": "{% $states.context.Map.Item %}","#), top: jsonata)),
        ValidCase("JSONata ItemReader with Arguments",
                  machine(state: map(#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "{% $k %}"}},"#), top: jsonata)),
    ]

    @Test(arguments: valid)
    func accepts(_ c: ValidCase) throws { try c.check() }

    @Test func deprecatedIteratorIsAWarningOnly() throws {
        let result = try validate(machine(state: map(processor: "Iterator")))
        expectWarning(result, at: "/States/S/Iterator", "\"ItemProcessor\"")
        let state = try topState(expectValid(result))
        guard case .map(let m) = state.kind else {
            Issue.record("expected a Map")
            return
        }
        #expect(m.itemProcessor.startAt == "I")
        #expect(Array(m.itemProcessor.states.keys) == ["I"])
    }

    @Test func deprecatedParametersIsTheItemSelector() throws {
        let result = try validate(machine(state: map(#""Parameters": {"v.$": "$$.Map.Item.Value"},"#)))
        expectWarning(result, at: "/States/S/Parameters", "\"ItemSelector\"")
        let state = try topState(expectValid(result))
        guard case .map(let m) = state.kind else { return }
        #expect(m.itemSelector == .object(["v": .path(try JSONPath.parse("$$.Map.Item.Value"))]))
        #expect(m.dataFlow.parameters == nil)
    }

    @Test func mapFieldsAreTyped() throws {
        let result = try validate(configured(#"{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}"#, """
            "ItemsPath": "$.items", "ItemSelector": {"item.$": "$$.Map.Item.Value", "fixed": 1},
            "MaxConcurrency": 5, "ToleratedFailurePercentage": 10, "ToleratedFailureCountPath": "$.tolerated",
            "Label": "batch", "ItemBatcher": {"MaxItemsPerBatch": 3}, "ResultPath": "$.results",
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
            """))
        let state = try topState(expectValid(result))
        guard case .map(let m) = state.kind else {
            Issue.record("expected a Map")
            return
        }
        #expect(m.mode == .distributed)
        #expect(m.executionType == "EXPRESS")
        #expect(m.itemsPath == (try JSONPath.parse("$.items")))
        #expect(m.itemSelector == .object(["item": .path(try JSONPath.parse("$$.Map.Item.Value")), "fixed": .value(1)]))
        #expect(m.maxConcurrency == .value(5))
        #expect(m.toleratedFailurePercentage == .value(10.0))
        #expect(m.toleratedFailureCount == .path(try JSONPath.parse("$.tolerated")))
        #expect(m.label == "batch")
        #expect(m.itemBatcher?.maxItemsPerBatch == .value(3))
        #expect(m.itemReader == nil)
        #expect(m.resultWriter == nil)
        #expect(m.dataFlow.resultPath == .path(try JSONPath.parse("$.results")))
        #expect(m.retry.map(\.maxAttempts) == [1])
        #expect(m.transition == .end)
        #expect(m.itemProcessor.startAt == "I")
    }

    @Test func inlineIsTheDefaultMode() throws {
        let state = try topState(expectValid(try validate(machine(state: map(#""MaxConcurrencyPath": "$.m","#)))))
        guard case .map(let m) = state.kind else { return }
        #expect(m.mode == .inline)
        #expect(m.executionType == nil)
        #expect(m.itemsPath == nil)
        #expect(m.maxConcurrency == .path(try JSONPath.parse("$.m")))
        #expect(m.label == nil)
    }

    @Test func jsonataMapFieldsAreTyped() throws {
        let state = try topState(expectValid(try validate(machine(state: map(#""Items": "{% $list %}", "MaxConcurrency": "{% $m %}","#), top: jsonata))))
        guard case .map(let m) = state.kind else { return }
        #expect(m.items == .expression(JSONataExpression(source: "$list")))
        #expect(m.maxConcurrency == .expression(JSONataExpression(source: "$m")))
        #expect(m.itemsPath == nil)
        #expect(state.queryLanguage == .jsonata)
    }
}
