extension Ferry.Quickstart {
    /// `examples/fan-out.asl.json`, embedded so the quickstart works from any folder (QuickstartTests keeps the two
    /// identical).
    static let fanOutDefinition = #"""
    {
      "Comment": "Ferry's main job, fanned out: plan the batch from the catalog, then export and load every (company, table) item, four at a time, each big table in key-range parts. A failed item is caught and listed in the summary; the others go on. Valid for AWS Step Functions too, with the ferry:* Resources replaced by Lambda function ARNs.",
      "StartAt": "Plan",
      "States": {
        "Plan": {
          "Type": "Task",
          "Comment": "List the active (company, table) items of the batch (the execution name), with their key-range chunks.",
          "Resource": "ferry:plan",
          "ResultPath": "$.plan",
          "Retry": [{ "ErrorEquals": ["Ferry.TransientError"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2 }],
          "Next": "Replicate"
        },
        "Replicate": {
          "Type": "Map",
          "ItemsPath": "$.plan.items",
          "MaxConcurrency": 4,
          "ItemProcessor": {
            "ProcessorConfig": { "Mode": "INLINE" },
            "StartAt": "Export",
            "States": {
              "Export": {
                "Type": "Map",
                "Comment": "Export the item's parts: its SELECT with bound parameters, streamed to CSV objects.",
                "ItemsPath": "$.chunks",
                "MaxConcurrency": 2,
                "ItemSelector": { "item.$": "$", "chunk.$": "$$.Map.Item.Value" },
                "ItemProcessor": {
                  "ProcessorConfig": { "Mode": "INLINE" },
                  "StartAt": "ExportPart",
                  "States": {
                    "ExportPart": {
                      "Type": "Task",
                      "Resource": "ferry:export",
                      "Retry": [{ "ErrorEquals": ["Ferry.TransientError"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2 }],
                      "End": true
                    }
                  }
                },
                "ResultPath": "$.exports",
                "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "ItemFailed" }],
                "Next": "Load"
              },
              "Load": {
                "Type": "Task",
                "Comment": "Verify the parts against their manifests, bulk-load them into a staging table, apply the table's mode (replace swaps atomically).",
                "Resource": "ferry:load",
                "ResultSelector": { "company.$": "$.company", "table.$": "$.table", "rows.$": "$.rows", "status": "SUCCEEDED" },
                "Retry": [{ "ErrorEquals": ["Ferry.TransientError"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2 }],
                "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "ItemFailed" }],
                "End": true
              },
              "ItemFailed": {
                "Type": "Pass",
                "Parameters": { "company.$": "$.company", "table.$": "$.table", "status": "FAILED", "error.$": "$.error.Error", "cause.$": "$.error.Cause" },
                "End": true
              }
            }
          },
          "ResultPath": "$.results",
          "Next": "Summary"
        },
        "Summary": {
          "Type": "Pass",
          "QueryLanguage": "JSONata",
          "Output": "{% ($results := $states.input.results; {'batchId': $states.input.plan.batchId, 'batchDate': $states.input.plan.batchDate, 'items': $count($results), 'rows': $sum($results[status = 'SUCCEEDED'].rows), 'loaded': [$results[status = 'SUCCEEDED'].(company & '/' & table)], 'failed': [$results[status = 'FAILED'].{'item': company & '/' & table, 'error': error, 'cause': cause}], 'skipped': [$states.input.plan.problems]}) %}",
          "End": true
        }
      }
    }

    """#
}
