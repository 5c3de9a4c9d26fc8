import JSONValue
import StatesLanguage
import Testing

// Cases recorded from real AWS Step Functions (shared/conformance/cases), reduced to what the evaluation layer
// sees: a Choice rule with its input and whether AWS took it, and a Pass state's Parameters with its input and
// AWS's output. Generated from the case files; regenerate rather than edit by hand.

/// A Choice rule (without `Next`), the state input, and whether AWS Step Functions took the rule.
struct RecordedChoiceCase: CustomTestStringConvertible, Sendable {
    var name: String
    var rule: String
    var input: String
    var taken: Bool
    var testDescription: String { name }
}

/// A Pass state's `Parameters`, the input, and AWS's output (or error name).
struct RecordedParametersCase: CustomTestStringConvertible, Sendable {
    var name: String
    var parameters: String
    var input: String
    var output: String?
    var error: String?
    var testDescription: String { name }
}

enum RecordedCases {
    static let choice: [RecordedChoiceCase] = [
        RecordedChoiceCase(name: "test_boolean_equals_cases_10_output___8e3baaaa", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":"","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_11_output___352e35b8", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":"","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_12_output___22c817af", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":" ","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_14_output___e6b1ad59", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":"HelloWorld","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_15_output___eeed8404", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":"HelloWorld","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_1_output___cc553ed7", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":null,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_21_output___6dfc961c", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_23_output___63b3d8de", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":"2023-02-24","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_26_output___0bf0aee2", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":[""],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_28_output___fc718999", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":{},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_2_output___276efcd8", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_30_output___70b2f44f", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":{"A":0},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_32_output___3f4201a7", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":true,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_boolean_equals_cases_34_output___1673cc20", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":false,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_35_output___ae5ed5df", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":false,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_boolean_equals_cases_3_output___1d028923", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":0,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_7_output___261c1ae7", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":1,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_8_output___4dbf30de", rule: #"{"Variable":"$.Variable","BooleanEquals":true}"#, input: #"{"Variable":1.1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_cases_9_output___83e02520", rule: #"{"Variable":"$.Variable","BooleanEquals":false}"#, input: #"{"Variable":1.1,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_13_output___20eb8869", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":" ","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_14_output___b5a2c248", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":"HelloWorld","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_19_output___f688e192", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_1_output___d1538828", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":null,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_20_output___777d9f3f", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_22_output___3e4d2939", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":"2023-02-24","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_23_output___fb4f09f0", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":"2023-02-24","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_24_output___99401438", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":[],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_28_output___95573135", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":{},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_29_output___08cbf5aa", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":{},"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_2_output___7a4bbd99", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_30_output___d0352f6b", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":{"A":0},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_32_output___c8f77ef3", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":true,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_33_output___a75ab263", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_34_output___4800482f", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_35_output___be84e89a", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_4_output___5a45554d", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_boolean_equals_path_cases_5_output___b894dc86", rule: #"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_13_output___c3d842cd", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":" ","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_14_output___6aeabac3", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":"HelloWorld","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_16_output___6a15da9f", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":"2012-10-09T19:00:55","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_17_output___009476af", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_18_output___4d2992eb", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_19_output___e17c0cdc", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_21_output___f76cd048", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_22_output___e93ca4e8", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":"2023-02-24","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_24_output___1840dace", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":[],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_26_output___887272f1", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":[""],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_27_output___ed872f95", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":[""],"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_28_output___b5755e60", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":{},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_30_output___b31fc592", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":{"A":0},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_32_output___ea4d0f34", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":true,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_33_output___666517f8", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":false,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_35_output___c1afa333", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":false,"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_4_output___abf5e954", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":0.0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_5_output___dbfd785a", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":0.0,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_boolean_cases_6_output___f23c5ed5", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_8_output___d8154bfe", rule: #"{"Variable":"$.Variable","IsBoolean":true}"#, input: #"{"Variable":1.1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_boolean_cases_9_output___fc3998fa", rule: #"{"Variable":"$.Variable","IsBoolean":false}"#, input: #"{"Variable":1.1,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_10_output___ce0f1a43", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":"","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_11_output___ad82f555", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":"","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_12_output___ec9137dc", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":" ","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_14_output___8bbb10bd", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":"HelloWorld","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_15_output___14d620ba", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":"HelloWorld","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_17_output___7021ad0a", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_20_output___ceb783aa", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_21_output___b9afc1e0", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_22_output___5f693f55", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":"2023-02-24","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_25_output___f7283365", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":[],"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_26_output___f507d505", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":[""],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_29_output___ff4a80f8", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":{},"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_2_output___a57a84b4", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_31_output___1e216c49", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":{"A":0},"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_32_output___2f2e5245", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":true,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_34_output___a6964a15", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":false,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_null_cases_3_output___24203ad7", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":0,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_5_output___05822d19", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":0.0,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_7_output___befd689f", rule: #"{"Variable":"$.Variable","IsNull":false}"#, input: #"{"Variable":1,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_null_cases_8_output___45937777", rule: #"{"Variable":"$.Variable","IsNull":true}"#, input: #"{"Variable":1.1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_0_output___7e42a523", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":null,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_10_output___428f6603", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":"","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_13_output___a911e62b", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":" ","Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_18_output___6475d943", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_1_output___8f1f8d0c", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":null,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_20_output___1aac5915", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_25_output___dd04dfc2", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":[],"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_26_output___9c54d36a", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":[""],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_27_output___8c8baa01", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":[""],"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_28_output___071c99ba", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":{},"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_numeric_cases_31_output___1325f8e8", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":{"A":0},"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_35_output___a877b227", rule: #"{"Variable":"$.Variable","IsNumeric":false}"#, input: #"{"Variable":false,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_4_output___0e468ce3", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":0.0,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_numeric_cases_6_output___eaa2d549", rule: #"{"Variable":"$.Variable","IsNumeric":true}"#, input: #"{"Variable":1,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_0_output___09c12ff1", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":null,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_10_output___1dc7e852", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":"","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_13_output___9290cc53", rule: #"{"Variable":"$.Variable","IsPresent":false}"#, input: #"{"Variable":" ","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_present_cases_16_output___34ee8c8e", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":"2012-10-09T19:00:55","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_18_output___ab366deb", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_21_output___d595d210", rule: #"{"Variable":"$.Variable","IsPresent":false}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_present_cases_22_output___0d737623", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":"2023-02-24","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_24_output___18991ec9", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":[],"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_25_output___cd94c786", rule: #"{"Variable":"$.Variable","IsPresent":false}"#, input: #"{"Variable":[],"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_present_cases_26_output___ebe7d351", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":[""],"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_27_output___32a951d7", rule: #"{"Variable":"$.Variable","IsPresent":false}"#, input: #"{"Variable":[""],"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_present_cases_28_output___b03b1e30", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":{},"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_29_output___b208466b", rule: #"{"Variable":"$.Variable","IsPresent":false}"#, input: #"{"Variable":{},"Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_present_cases_30_output___e2e2e9a1", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":{"A":0},"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_32_output___8686db21", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":true,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_34_output___5535011c", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":false,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_4_output___0693d8a5", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":0.0,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_present_cases_8_output___fdf06327", rule: #"{"Variable":"$.Variable","IsPresent":true}"#, input: #"{"Variable":1.1,"Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_10_output___930c487d", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":"","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_12_output___cbd9592d", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":" ","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_13_output___f96cf2cd", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":" ","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_15_output___a5af591f", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":"HelloWorld","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_20_output___001db9d7", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_21_output___ba77358a", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_22_output___db635a03", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":"2023-02-24","Value":true}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_23_output___eb1909b6", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":"2023-02-24","Value":false}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_24_output___c6fb7027", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":[],"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_27_output___3c7760b6", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":[""],"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_2_output___0bb6eba0", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":0,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_32_output___86fbdd3b", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":true,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_33_output___daa52540", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":false,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_5_output___2fa98075", rule: #"{"Variable":"$.Variable","IsString":false}"#, input: #"{"Variable":0.0,"Value":false}"#, taken: true),
        RecordedChoiceCase(name: "test_is_string_cases_6_output___2a31e4c5", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_is_string_cases_8_output___746ac4a2", rule: #"{"Variable":"$.Variable","IsString":true}"#, input: #"{"Variable":1.1,"Value":true}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_0_output___15937c7c", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":null,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_10_output___81257a93", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":0.0,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_11_output___6087cd5b", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":0.0,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_13_output___b4336c08", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":1,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_14_output___eae86122", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":1,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_cases_15_output___7890c0a4", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":1,"Value":1.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_cases_16_output___6ef108b7", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":1.1,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_17_output___a43bbdb7", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":1.1,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_21_output___d361bb78", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":"","Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_24_output___01dd507f", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":" ","Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_25_output___ac9fde70", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":" ","Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_27_output___893d0e66", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":" ","Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_28_output___a71226da", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":[],"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_29_output___2ded0f40", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":[],"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_2_output___d0eeffe7", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":null,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_32_output___ee71ff2c", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":[""],"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_36_output___a0388f8c", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":{},"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_3_output___670b0b67", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":null,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_40_output___77b88ea5", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":{"A":0},"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_42_output___d0625922", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":{"A":0},"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_43_output___bf16404b", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":{"A":0},"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_44_output___4eb5a3ae", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":false,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_45_output___7d608973", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":false,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_46_output___b3e2be79", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":false,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_47_output___d6720cdd", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":false,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_48_output___c9b3618b", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":true,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_50_output___3cfa1412", rule: #"{"Variable":"$.Variable","NumericEquals":1}"#, input: #"{"Variable":true,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_52_output___477693f6", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_cases_53_output___b6f2baa0", rule: #"{"Variable":"$.Variable","NumericEquals":0}"#, input: #"{"Variable":0.0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_cases_5_output___f061c995", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":0,"Value":0.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_cases_7_output___e779a65f", rule: #"{"Variable":"$.Variable","NumericEquals":1.0}"#, input: #"{"Variable":0,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_cases_9_output___a3bcb672", rule: #"{"Variable":"$.Variable","NumericEquals":0.0}"#, input: #"{"Variable":0.0,"Value":0.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_10_output___23584f7a", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_12_output___a0f5b7fb", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":1,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_13_output___41e3751c", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":1,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_15_output___4a4c49a4", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":1,"Value":1.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_17_output___f45d88a0", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":1.1,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_1_output___c0dfa226", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":null,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_21_output___91033d00", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":"","Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_22_output___97ce6672", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":"","Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_23_output___cb4d8513", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":"","Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_24_output___a2f30d11", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":" ","Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_25_output___fce1d44a", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":" ","Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_26_output___370601e8", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":" ","Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_30_output___e46d117b", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":[],"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_34_output___54f6bbdc", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":[""],"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_36_output___9a5c8f6c", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":{},"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_37_output___1e679643", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":{},"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_40_output___51b0b8b5", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":{"A":0},"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_41_output___4c91a58b", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":{"A":0},"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_43_output___b39a491b", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":{"A":0},"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_44_output___725e99a7", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_45_output___17762db0", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_46_output___89f7817e", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_47_output___96d0dfcd", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":false,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_48_output___d2a613ca", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":true,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_49_output___bb71284f", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":true,"Value":0.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_52_output___338d922b", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_53_output___2b3eecab", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_54_output___b2d29e20", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":2.22,"Value":2.22}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_5_output___5c9296e4", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":0.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_7_output___33625ae2", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1.0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_8_output___2209fb8b", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_equals_path_cases_9_output___10274a64", rule: #"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":0.0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_greater_than_cases_5_output___322e2d6b", rule: #"{"Variable":"$.Variable","NumericGreaterThan":1}"#, input: #"{"Variable":0,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_greater_than_equals_cases_0_output___76aba30a", rule: #"{"Variable":"$.Variable","NumericGreaterThanEquals":0}"#, input: #"{"Variable":0,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_greater_than_equals_cases_4_output___cadf1ba2", rule: #"{"Variable":"$.Variable","NumericGreaterThanEquals":0}"#, input: #"{"Variable":1,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_greater_than_equals_path_cases_2_output___dbf39935", rule: #"{"Variable":"$.Variable","NumericGreaterThanEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_greater_than_equals_path_cases_4_output___49e2fc9d", rule: #"{"Variable":"$.Variable","NumericGreaterThanEqualsPath":"$.Value"}"#, input: #"{"Variable":1,"Value":0}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_greater_than_path_cases_0_output___de0e65a8", rule: #"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, input: #"{"Variable":0,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_greater_than_path_cases_1_output___f7d174e1", rule: #"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_greater_than_path_cases_3_output___af116944", rule: #"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, input: #"{"Variable":1,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_greater_than_path_cases_5_output___e39b60db", rule: #"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_cases_2_output___d0c9ffe0", rule: #"{"Variable":"$.Variable","NumericLessThan":1}"#, input: #"{"Variable":0,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_less_than_cases_3_output___2d48a366", rule: #"{"Variable":"$.Variable","NumericLessThan":1}"#, input: #"{"Variable":1,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_cases_4_output___5adea977", rule: #"{"Variable":"$.Variable","NumericLessThan":0}"#, input: #"{"Variable":1,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_equals_cases_3_output___94728a07", rule: #"{"Variable":"$.Variable","NumericLessThanEquals":1}"#, input: #"{"Variable":1,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_less_than_equals_cases_4_output___8eba47f1", rule: #"{"Variable":"$.Variable","NumericLessThanEquals":0}"#, input: #"{"Variable":1,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_equals_path_cases_2_output___1a423baf", rule: #"{"Variable":"$.Variable","NumericLessThanEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_less_than_equals_path_cases_4_output___0f49ad60", rule: #"{"Variable":"$.Variable","NumericLessThanEqualsPath":"$.Value"}"#, input: #"{"Variable":1,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_equals_path_cases_5_output___76dd6ebd", rule: #"{"Variable":"$.Variable","NumericLessThanEqualsPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_less_than_path_cases_0_output___12e1c0e1", rule: #"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, input: #"{"Variable":0,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_path_cases_1_output___7c0c175e", rule: #"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, input: #"{"Variable":0.0,"Value":0}"#, taken: false),
        RecordedChoiceCase(name: "test_numeric_less_than_path_cases_2_output___a4fd1fe1", rule: #"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, input: #"{"Variable":0,"Value":1}"#, taken: true),
        RecordedChoiceCase(name: "test_numeric_less_than_path_cases_3_output___75dc05cc", rule: #"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, input: #"{"Variable":1,"Value":1}"#, taken: false),
        RecordedChoiceCase(name: "test_string_equals_cases_0_output___391b2b1f", rule: #"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, input: #"{"Variable":null,"Value":"HelloWorld"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_equals_cases_11_output___da3c1b2a", rule: #"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, input: #"{"Variable":false,"Value":"HelloWorld"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_equals_cases_13_output___40fbd4e2", rule: #"{"Variable":"$.Variable","StringEquals":"     "}"#, input: #"{"Variable":" ","Value":"     "}"#, taken: false),
        RecordedChoiceCase(name: "test_string_equals_cases_9_output___6037c463", rule: #"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, input: #"{"Variable":{},"Value":"HelloWorld"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_equals_path_cases_2_output___694f5e06", rule: #"{"Variable":"$.Variable","StringEqualsPath":"$.Value"}"#, input: #"{"Variable":"Hello","Value":"Hello"}"#, taken: true),
        RecordedChoiceCase(name: "test_string_greater_than_cases_0_output___1fe5bd3d", rule: #"{"Variable":"$.Variable","StringGreaterThan":""}"#, input: #"{"Variable":"","Value":""}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_cases_2_output___28feff92", rule: #"{"Variable":"$.Variable","StringGreaterThan":"A\t\n\r"}"#, input: #"{"Variable":"A","Value":"A\t\n\r"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_equals_cases_1_output___b769948d", rule: #"{"Variable":"$.Variable","StringGreaterThanEquals":"AB"}"#, input: #"{"Variable":"A","Value":"AB"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_equals_cases_2_output___f1d49c56", rule: #"{"Variable":"$.Variable","StringGreaterThanEquals":"A"}"#, input: #"{"Variable":"AB","Value":"A"}"#, taken: true),
        RecordedChoiceCase(name: "test_string_greater_than_equals_path_cases_1_output___43c8da37", rule: #"{"Variable":"$.Variable","StringGreaterThanEqualsPath":"$.Value"}"#, input: #"{"Variable":"A","Value":"AB"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_equals_path_cases_2_output___614b0744", rule: #"{"Variable":"$.Variable","StringGreaterThanEqualsPath":"$.Value"}"#, input: #"{"Variable":"AB","Value":"A"}"#, taken: true),
        RecordedChoiceCase(name: "test_string_greater_than_path_cases_0_output___caa8ff81", rule: #"{"Variable":"$.Variable","StringGreaterThanPath":"$.Value"}"#, input: #"{"Variable":"","Value":""}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_path_cases_1_output___62e39224", rule: #"{"Variable":"$.Variable","StringGreaterThanPath":"$.Value"}"#, input: #"{"Variable":"A","Value":"A "}"#, taken: false),
        RecordedChoiceCase(name: "test_string_greater_than_path_cases_2_output___87226bce", rule: #"{"Variable":"$.Variable","StringGreaterThanPath":"$.Value"}"#, input: #"{"Variable":"A","Value":"A\t\n\r"}"#, taken: false),
        RecordedChoiceCase(name: "test_string_less_than_cases_1_output___a2481c9c", rule: #"{"Variable":"$.Variable","StringLessThan":"AB"}"#, input: #"{"Variable":"A","Value":"AB"}"#, taken: true),
        RecordedChoiceCase(name: "test_string_less_than_equals_cases_1_output___3de45782", rule: #"{"Variable":"$.Variable","StringLessThanEquals":"AB"}"#, input: #"{"Variable":"A","Value":"AB"}"#, taken: true),
        RecordedChoiceCase(name: "test_string_less_than_equals_path_cases_0_output___0a8f1683", rule: #"{"Variable":"$.Variable","StringLessThanEqualsPath":"$.Value"}"#, input: #"{"Variable":"","Value":""}"#, taken: true),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_0_output___54e99652", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":null,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_11_output___80f2b779", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":{"A":0},"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_13_output___0374cca8", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":true,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_1_output___b86d1359", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":0,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_2_output___bc5b3e40", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":0.0,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_3_output___dd3cdce6", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":1,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_4_output___baacf17a", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":1.1,"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_5_output___c3215209", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":"","Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_8_output___56594f29", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":[],"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_cases_9_output___91d63d99", rule: #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":[""],"Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_equals_path_cases_0_output___467bb943", rule: #"{"Variable":"$.Variable","TimestampEqualsPath":"$.Value"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, taken: true),
        RecordedChoiceCase(name: "test_timestamp_greater_than_cases_2_output___524e6296", rule: #"{"Variable":"$.Variable","TimestampGreaterThan":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, taken: true),
        RecordedChoiceCase(name: "test_timestamp_greater_than_equals_cases_1_output___f6dbd179", rule: #"{"Variable":"$.Variable","TimestampGreaterThanEquals":"2012-10-09T19:00:56Z"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_greater_than_path_cases_0_output___8f70546e", rule: #"{"Variable":"$.Variable","TimestampGreaterThanPath":"$.Value"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_less_than_cases_0_output___f2a96107", rule: #"{"Variable":"$.Variable","TimestampLessThan":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_less_than_cases_1_output___49488b7b", rule: #"{"Variable":"$.Variable","TimestampLessThan":"2012-10-09T19:00:56Z"}"#, input: #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, taken: true),
        RecordedChoiceCase(name: "test_timestamp_less_than_equals_cases_2_output___660447c7", rule: #"{"Variable":"$.Variable","TimestampLessThanEquals":"2012-10-09T19:00:55Z"}"#, input: #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, taken: false),
        RecordedChoiceCase(name: "test_timestamp_less_than_equals_path_cases_0_output___210f8b23", rule: #"{"Variable":"$.Variable","TimestampLessThanEqualsPath":"$.Value"}"#, input: #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, taken: false),
    ]

    static let parameters: [RecordedParametersCase] = [
        RecordedParametersCase(name: "test_array_2_exec_hist_resp_1__9b148e65", parameters: #"{"FunctionResult.$":"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":" ","snd":" "}}"#, output: #"{"FunctionResult":[" "," "]}"#, error: nil),
        RecordedParametersCase(name: "test_array_contains_exec_hist_resp_0__3e12116d", parameters: #"{"FunctionResult.$":"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[],"snd":null}}"#, output: #"{"FunctionResult":false}"#, error: nil),
        RecordedParametersCase(name: "test_array_contains_exec_hist_resp_4__40b99c72", parameters: #"{"FunctionResult.$":"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[[1,2,3],2],"snd":[1,2,3]}}"#, output: #"{"FunctionResult":true}"#, error: nil),
        RecordedParametersCase(name: "test_array_contains_exec_hist_resp_5__9402fb09", parameters: #"{"FunctionResult.$":"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[{"1":2,"2":[]}],"snd":[]}}"#, output: #"{"FunctionResult":false}"#, error: nil),
        RecordedParametersCase(name: "test_array_contains_exec_hist_resp_6__2ed83f93", parameters: #"{"FunctionResult.$":"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[{"1":2,"2":[]}],"snd":{"1":2,"2":[]}}}"#, output: #"{"FunctionResult":true}"#, error: nil),
        RecordedParametersCase(name: "test_array_get_item_exec_hist_resp_0__5b588689", parameters: #"{"FunctionResult.$":"States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[1,2,3,4,5,6,7,8,9],"snd":5}}"#, output: #"{"FunctionResult":6}"#, error: nil),
        RecordedParametersCase(name: "test_array_length_exec_hist_resp_0__900e005b", parameters: #"{"FunctionResult.$":"States.ArrayLength($.FunctionInput)"}"#, input: #"{"FunctionInput":[1,2,3,4,5,6,7,8,9]}"#, output: #"{"FunctionResult":9}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_10__4fabd372", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1],"snd":1}}"#, output: #"{"FunctionResult":[[0],[1]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_11__4d1a723c", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1],"snd":2}}"#, output: #"{"FunctionResult":[[0,1]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_14__7f7fdc6e", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1],"snd":5}}"#, output: #"{"FunctionResult":[[0,1]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_16__ac49948a", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2],"snd":2}}"#, output: #"{"FunctionResult":[[0,1],[2]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_1__c8bc9114", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[],"snd":2}}"#, output: #"{"FunctionResult":[]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_20__50691eea", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2,3],"snd":1}}"#, output: #"{"FunctionResult":[[0],[1],[2],[3]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_21__bee3b627", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2,3],"snd":2}}"#, output: #"{"FunctionResult":[[0,1],[2,3]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_22__db723144", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2,3],"snd":3}}"#, output: #"{"FunctionResult":[[0,1,2],[3]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_23__b33854ce", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2,3],"snd":4}}"#, output: #"{"FunctionResult":[[0,1,2,3]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_24__16b7ad84", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0,1,2,3],"snd":5}}"#, output: #"{"FunctionResult":[[0,1,2,3]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_2__5fb5887f", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[],"snd":3}}"#, output: #"{"FunctionResult":[]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_5__fb75391d", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0],"snd":1}}"#, output: #"{"FunctionResult":[[0]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_7__e449a036", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0],"snd":3}}"#, output: #"{"FunctionResult":[[0]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_partition_exec_hist_resp_9__581dbecf", parameters: #"{"FunctionResult.$":"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":[0],"snd":5}}"#, output: #"{"FunctionResult":[[0]]}"#, error: nil),
        RecordedParametersCase(name: "test_array_range_exec_hist_resp_2__1e16b440", parameters: #"{"FunctionResult.$":"States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)"}"#, input: #"{"FunctionInput":{"fst":1,"snd":9,"trd":9}}"#, output: #"{"FunctionResult":[1]}"#, error: nil),
        RecordedParametersCase(name: "test_array_range_exec_hist_resp_3__7eb5b29d", parameters: #"{"FunctionResult.$":"States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)"}"#, input: #"{"FunctionInput":{"fst":1,"snd":9,"trd":2}}"#, output: #"{"FunctionResult":[1,3,5,7,9]}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_access_.items_10___b50cda5a", parameters: #"{"item.$":"$.items[10]"}"#, input: #"{"items":[{"item_key":0},{"item_key":1},{"item_key":2},{"item_key":3},{"item_key":4},{"item_key":5},{"item_key":6},{"item_key":7},{"item_key":8},{"item_key":9},{"item_key":10}]}"#, output: #"{"item":{"item_key":10}}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_wildcard_or_slice_with_no_input_.item.items_1_5_.itemValue___1cac9614", parameters: #"{"item.$":"$.item.items[1:5].itemValue"}"#, input: #"{}"#, output: #"{"item":[]}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_wildcard_or_slice_with_no_input_.item.items_1_5___831e12e1", parameters: #"{"item.$":"$.item.items[1:5]"}"#, input: #"{}"#, output: #"{"item":[]}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_wildcard_or_slice_with_no_input_.items_1_.itemValue___f47d88e3", parameters: #"{"item.$":"$.items[1:].itemValue"}"#, input: #"{}"#, output: #"{"item":[]}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_wildcard_or_slice_with_no_input_.items_1___def03558", parameters: #"{"item.$":"$.items[1:]"}"#, input: #"{}"#, output: #"{"item":[]}"#, error: nil),
        RecordedParametersCase(name: "test_json_path_array_wildcard_or_slice_with_no_input_.items___58a65e08", parameters: #"{"item.$":"$.items[*]"}"#, input: #"{}"#, output: #"{"item":[]}"#, error: nil),
        RecordedParametersCase(name: "test_comment_in_parameters__a93726e9", parameters: #"{"Comment":"Comment text","comment":"comment text","constant":"constant text"}"#, input: #"{}"#, output: #"{"Comment":"Comment text","comment":"comment text","constant":"constant text"}"#, error: nil),
        RecordedParametersCase(name: "test_base_64_decode_exec_hist_resp_1__b81edfbe", parameters: #"{"FunctionResult.$":"States.Base64Decode($.FunctionInput)"}"#, input: #"{"FunctionInput":"RGF0YSB0byBlbmNvZGU="}"#, output: #"{"FunctionResult":"Data to encode"}"#, error: nil),
        RecordedParametersCase(name: "test_base_64_encode_exec_hist_resp_0__e1060702", parameters: #"{"FunctionResult.$":"States.Base64Encode($.FunctionInput)"}"#, input: #"{"FunctionInput":""}"#, output: #"{"FunctionResult":""}"#, error: nil),
        RecordedParametersCase(name: "test_base_64_encode_exec_hist_resp_1__b6cf3433", parameters: #"{"FunctionResult.$":"States.Base64Encode($.FunctionInput)"}"#, input: #"{"FunctionInput":"Data to encode"}"#, output: #"{"FunctionResult":"RGF0YSB0byBlbmNvZGU="}"#, error: nil),
        RecordedParametersCase(name: "test_format_1_exec_hist_resp_0__3ed737fa", parameters: #"{"FunctionResult.$":"States.Format('Formatting argument {}.', $.FunctionInput)"}"#, input: #"{"FunctionInput":""}"#, output: #"{"FunctionResult":"Formatting argument ."}"#, error: nil),
        RecordedParametersCase(name: "test_format_1_exec_hist_resp_1__a0d4125f", parameters: #"{"FunctionResult.$":"States.Format('Formatting argument {}.', $.FunctionInput)"}"#, input: #"{"FunctionInput":" "}"#, output: #"{"FunctionResult":"Formatting argument  ."}"#, error: nil),
        RecordedParametersCase(name: "test_format_1_exec_hist_resp_4__ebf342ee", parameters: #"{"FunctionResult.$":"States.Format('Formatting argument {}.', $.FunctionInput)"}"#, input: #"{"FunctionInput":1}"#, output: #"{"FunctionResult":"Formatting argument 1."}"#, error: nil),
        RecordedParametersCase(name: "test_format_1_exec_hist_resp_6__bcc63d70", parameters: #"{"FunctionResult.$":"States.Format('Formatting argument {}.', $.FunctionInput)"}"#, input: #"{"FunctionInput":"{\"Arg1\": 1, \"Arg2\": []}"}"#, output: #"{"FunctionResult":"Formatting argument {\"Arg1\": 1, \"Arg2\": []}."}"#, error: nil),
        RecordedParametersCase(name: "test_format_2_exec_hist_resp_0__60388e96", parameters: #"{"FunctionResult.$":"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":"","snd":""}}"#, output: #"{"FunctionResult":"Formatting arguments fst= and snd=."}"#, error: nil),
        RecordedParametersCase(name: "test_format_2_exec_hist_resp_1__5d846bbe", parameters: #"{"FunctionResult.$":"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":" ","snd":" "}}"#, output: #"{"FunctionResult":"Formatting arguments fst=  and snd= ."}"#, error: nil),
        RecordedParametersCase(name: "test_format_2_exec_hist_resp_3__0112e0c2", parameters: #"{"FunctionResult.$":"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":null,"snd":null}}"#, output: #"{"FunctionResult":"Formatting arguments fst=null and snd=null."}"#, error: nil),
        RecordedParametersCase(name: "test_format_2_exec_hist_resp_7__622b7483", parameters: #"{"FunctionResult.$":"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":{"Arg1":1,"Arg2":[]},"snd":{"Arg1":1,"Arg2":[]}}}"#, output: #"{"FunctionResult":"Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}."}"#, error: nil),
        RecordedParametersCase(name: "test_hash_exec_hist_resp_0__366de775", parameters: #"{"FunctionResult.$":"States.Hash($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":"input data","snd":"MD5"}}"#, output: #"{"FunctionResult":"812f45842bc6d66ee14572ce20db8e86"}"#, error: nil),
        RecordedParametersCase(name: "test_json_to_string_exec_hist_resp_2__35de4535", parameters: #"{"FunctionResult.$":"States.JsonToString($.FunctionInput)"}"#, input: #"{"FunctionInput":1}"#, output: #"{"FunctionResult":"1"}"#, error: nil),
        RecordedParametersCase(name: "test_json_to_string_exec_hist_resp_3__8aeb451c", parameters: #"{"FunctionResult.$":"States.JsonToString($.FunctionInput)"}"#, input: #"{"FunctionInput":1.1}"#, output: #"{"FunctionResult":"1.1"}"#, error: nil),
        RecordedParametersCase(name: "test_json_to_string_exec_hist_resp_5__3442269d", parameters: #"{"FunctionResult.$":"States.JsonToString($.FunctionInput)"}"#, input: #"{"FunctionInput":"HelloWorld"}"#, output: #"{"FunctionResult":"\"HelloWorld\""}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_1__39bad760", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":" "}"#, output: #"{"FunctionResult":null}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_2__e3088213", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":"null"}"#, output: #"{"FunctionResult":null}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_4__7c79b9e5", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":"1"}"#, output: #"{"FunctionResult":1}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_5__9672c3ce", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":"1.1"}"#, output: #"{"FunctionResult":1.1}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_6__0c848294", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":"true"}"#, output: #"{"FunctionResult":true}"#, error: nil),
        RecordedParametersCase(name: "test_string_to_json_exec_hist_resp_9__ee9842b2", parameters: #"{"FunctionResult.$":"States.StringToJson($.FunctionInput)"}"#, input: #"{"FunctionInput":"{\"Arg1\": 1, \"Arg2\": []}"}"#, output: #"{"FunctionResult":{"Arg1":1,"Arg2":[]}}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_0__14844cd4", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":-9,"snd":3}}"#, output: #"{"FunctionResult":-6}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_13__6c329013", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":1.5,"snd":0}}"#, output: #"{"FunctionResult":2}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_15__8e1bcc47", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":3.5,"snd":0}}"#, output: #"{"FunctionResult":4}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_16__ee240d62", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":-0.5,"snd":0.5}}"#, output: #"{"FunctionResult":1}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_18__4ab1f2f7", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":-1.5,"snd":0}}"#, output: #"{"FunctionResult":-1}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_2__76dc1736", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":1.5,"snd":1.51}}"#, output: #"{"FunctionResult":4}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_4__31a82c5e", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":-1.5,"snd":-1.51}}"#, output: #"{"FunctionResult":-3}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_5__0a7ef1d5", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":1.49,"snd":0}}"#, output: #"{"FunctionResult":1}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_7__32d7b317", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":1.5,"snd":0}}"#, output: #"{"FunctionResult":2}"#, error: nil),
        RecordedParametersCase(name: "test_math_add_exec_hist_resp_9__b2335c78", parameters: #"{"FunctionResult.$":"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":-1.49,"snd":0}}"#, output: #"{"FunctionResult":-1}"#, error: nil),
        RecordedParametersCase(name: "test_string_split_exec_hist_resp_0__201f8b20", parameters: #"{"FunctionResult.$":"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":" ","snd":","}}"#, output: #"{"FunctionResult":[" "]}"#, error: nil),
        RecordedParametersCase(name: "test_string_split_exec_hist_resp_1__c2642788", parameters: #"{"FunctionResult.$":"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":" , ","snd":","}}"#, output: #"{"FunctionResult":[" "," "]}"#, error: nil),
        RecordedParametersCase(name: "test_string_split_exec_hist_resp_4__3f78666c", parameters: #"{"FunctionResult.$":"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":"1,2,3,4,5","snd":","}}"#, output: #"{"FunctionResult":["1","2","3","4","5"]}"#, error: nil),
        RecordedParametersCase(name: "test_string_split_exec_hist_resp_5__c7c8840c", parameters: #"{"FunctionResult.$":"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":"This.is+a,test=string","snd":".+,="}}"#, output: #"{"FunctionResult":["This","is","a","test","string"]}"#, error: nil),
        RecordedParametersCase(name: "test_string_split_exec_hist_resp_6__287918d0", parameters: #"{"FunctionResult.$":"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"}"#, input: #"{"FunctionInput":{"fst":"split on T and \nnew line","snd":"T\n"}}"#, output: #"{"FunctionResult":["split on "," and ","new line"]}"#, error: nil),
    ]
}

@Suite("Evaluation against cases recorded from AWS")
struct EvaluationRecordedCasesTests {
    @Test("Choice rule as AWS evaluated it", arguments: RecordedCases.choice)
    func choiceRule(_ recorded: RecordedChoiceCase) throws {
        let condition = try EvaluationSupport.condition(recorded.rule)
        let context = EvaluationContext(input: try JSONValue(parsing: recorded.input))
        #expect(try condition.evaluate(in: context) == recorded.taken)
    }

    @Test("Pass Parameters as AWS evaluated them", arguments: RecordedCases.parameters)
    func parameters(_ recorded: RecordedParametersCase) throws {
        let template = try EvaluationSupport.parameters(recorded.parameters)
        let context = EvaluationContext(input: try JSONValue(parsing: recorded.input))
        var random = SeededGenerator(seed: 1)
        if let output = recorded.output {
            let expected = try JSONValue(parsing: output)
            let actual = try template.evaluate(in: context, random: &random)
            #expect(actual == expected)
            // Integers stay integers and doubles stay doubles, so the printed form matches AWS's too.
            #expect(actual.serialized() == expected.serialized())
        } else {
            let error = #expect(throws: StatesError.self) { try template.evaluate(in: context, random: &random) }
            #expect(error?.error == recorded.error)
        }
    }
}

/// Builds model values from ASL snippets through the real definition parser.
enum EvaluationSupport {
    struct Missing: Error {}

    /// The condition of a single Choice rule written as JSON (without `Next`).
    static func condition(_ ruleJSON: String) throws -> ChoiceCondition {
        guard case .object(var rule) = try JSONValue(parsing: ruleJSON) else { throw Missing() }
        rule["Next"] = "T"
        let definition: JSONValue = [
            "StartAt": "C",
            "States": [
                "C": ["Type": "Choice", "Choices": [.object(rule)], "Default": "F"],
                "T": ["Type": "Succeed"], "F": ["Type": "Succeed"],
            ],
        ]
        let machine = try StateMachine.parse(definition)
        guard case .choice(let choice) = machine.graph.states["C"]?.kind else { throw Missing() }
        return choice.choices[0].condition
    }

    /// The `Parameters` of a Pass state written as JSON.
    static func parameters(_ parametersJSON: String) throws -> PayloadTemplate {
        let definition: JSONValue = [
            "StartAt": "P",
            "States": ["P": ["Type": "Pass", "Parameters": try JSONValue(parsing: parametersJSON), "End": true]],
        ]
        let machine = try StateMachine.parse(definition)
        guard case .pass(let pass) = machine.graph.states["P"]?.kind, let template = pass.dataFlow.parameters else {
            throw Missing()
        }
        return template
    }

    /// The single intrinsic call of `"x.$": text`.
    static func call(_ text: String) throws -> IntrinsicCall {
        try IntrinsicCall.parse(text)
    }
}

/// A deterministic generator (SplitMix64) for tests that need randomness.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
