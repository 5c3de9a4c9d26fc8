#!/usr/bin/env python3
"""Seeds the fuzz corpora from the repository's examples and the conformance definitions fixture."""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def put(target, name, data):
    folder = os.path.join(here, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


paths, calls = set(), set()


def walk(value):
    if isinstance(value, dict):
        for key, member in value.items():
            if isinstance(member, str) and (key.endswith(".$") or key.endswith("Path") or key == "Variable"):
                (calls if member.startswith("States.") else paths).add(member)
            walk(member)
    elif isinstance(value, list):
        for member in value:
            walk(member)


fixture = os.path.join(root, "Tests", "StatesLanguageTests", "Fixtures", "conformance-definitions.json")
with open(fixture) as f:
    cases = json.load(f)
for i, case in enumerate(cases):
    text = json.dumps(case["definition"])
    put("FuzzJSON", f"case{i}", text)
    put("FuzzValidator", f"case{i}", text)
    walk(case["definition"])
for i, p in enumerate(sorted(paths)):
    put("FuzzJSONPath", f"path{i}", p)
for i, c in enumerate(sorted(calls)):
    put("FuzzIntrinsic", f"call{i}", c)
for extra in ["$..book[?(@.price < 10 && @.category == 'fiction')].title", "$['a b'][0:2]", "$.a[*].b.length()",
              "$$.Map.Item.Value", "$var.x[-1]"]:
    put("FuzzJSONPath", f"extra{abs(hash(extra))}", extra)
csv_seeds = [b'a,b,c\r\n1,"x,y",\r\n', b'"q""uote","new\nline",""\n,,\n', b'\xff\xfe,"\x00"\r\n', b'"unterminated']
for i, seed in enumerate(csv_seeds):
    put("FuzzCSV", f"seed{i}", bytes([7]) + seed)
xml_seeds = [
    '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount>'
    '<MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken>'
    '<Contents><Key>p/a&amp;b.csv</Key><LastModified>2026-11-29T02:05:06.000Z</LastModified><Size>42</Size>'
    '<ETag>&quot;abc&quot;</ETag></Contents></ListBucketResult>',
    '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>',
    '<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>',
    '<CompleteMultipartUploadResult><Location>l</Location><Bucket>b</Bucket><Key>k</Key><ETag>"e-2"</ETag></CompleteMultipartUploadResult>',
    '<ListMultipartUploadsResult><Bucket>b</Bucket><IsTruncated>false</IsTruncated><Upload><Key>k</Key><UploadId>u</UploadId></Upload></ListMultipartUploadsResult>',
]
for i, seed in enumerate(xml_seeds):
    put("FuzzS3XML", f"seed{i}", seed)
print(f"seeded {len(cases)} definitions, {len(paths)} paths, {len(calls)} intrinsic calls")
