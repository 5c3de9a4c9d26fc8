#!/usr/bin/env python3
"""Generate SigV4 test vectors for Ferry's Swift signer with botocore as the oracle.

Run:  python3 make_sigv4_vectors.py   (writes sigv4_vectors.json next to this script)

Each vector records the request *inputs* (decoded path and query, headers, body, credentials, time) and what
botocore's S3SigV4Auth (header signing) or S3SigV4QueryAuth (presigned URLs) produced for them: the canonical
request, the string to sign, and the Authorization header (or, for presigned URLs, the signature and URL).

The URL handed to botocore is built the way botocore's own S3 serializer builds it: path segments quoted with
safe='/~', query names and values quoted with safe='-_.~'. botocore does not re-encode an S3 path, so the Swift
signer, which receives the *decoded* path, must encode it exactly once to match.
"""
import datetime
import hashlib
import json
import os
from unittest import mock
from urllib.parse import quote

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

FIXED = datetime.datetime(2013, 5, 24, 0, 0, 0)
FIXED2 = datetime.datetime(2024, 2, 29, 23, 59, 58)

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "FQoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+/=="


class Recording:
    """Mixin that records the canonical request and string to sign botocore computes."""

    def canonical_request(self, request):
        value = super().canonical_request(request)
        self.recorded_canonical_request = value
        return value

    def string_to_sign(self, request, canonical_request):
        value = super().string_to_sign(request, canonical_request)
        self.recorded_string_to_sign = value
        return value


class RecordingS3SigV4Auth(Recording, botocore.auth.S3SigV4Auth):
    pass


class RecordingS3SigV4QueryAuth(Recording, botocore.auth.S3SigV4QueryAuth):
    pass


def build_url(scheme, host, port, path, query):
    netloc = host if port is None else f"{host}:{port}"
    url = f"{scheme}://{netloc}{quote(path, safe='/~')}"
    if query:
        parts = []
        for name, value in query:
            encoded = quote(name, safe="-_.~")
            if value is not None:
                encoded += "=" + quote(value, safe="-_.~")
            parts.append(encoded)
        url += "?" + "&".join(parts)
    return url


def make_vector(name, method, host, path, *, scheme="https", port=None, query=(), headers=(), body=b"",
                unsigned=False, token=None, region="us-east-1", when=FIXED, presign_expires=None):
    url = build_url(scheme, host, port, path, list(query))
    request = AWSRequest(method=method, url=url, data=body)
    for header_name, header_value in headers:
        # HTTPHeaders (an email.message.Message) appends on assignment, so repeated names are kept.
        request.headers[header_name] = header_value
    if unsigned:
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    credentials = Credentials(AKID, SECRET, token)
    if presign_expires is None:
        auth = RecordingS3SigV4Auth(credentials, "s3", region)
    else:
        auth = RecordingS3SigV4QueryAuth(credentials, "s3", region, expires=presign_expires)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    expected = {
        "canonical_request": auth.recorded_canonical_request,
        "string_to_sign": auth.recorded_string_to_sign,
    }
    if presign_expires is None:
        expected["authorization"] = request.headers["Authorization"]
    else:
        expected["url"] = request.url
        expected["signature"] = request.url.rsplit("X-Amz-Signature=", 1)[1]
    netloc = host if port is None or port == {"http": 80, "https": 443}[scheme] else f"{host}:{port}"
    return {
        "name": name,
        "method": method,
        "scheme": scheme,
        "host": netloc,
        "path": path,
        "query": [[n, v] for n, v in query],
        "headers": [[n, v] for n, v in headers],
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "unsigned_payload": unsigned,
        "access_key_id": AKID,
        "secret_access_key": SECRET,
        "session_token": token,
        "region": region,
        "timestamp": when.strftime("%Y%m%dT%H%M%SZ"),
        "epoch_seconds": int(when.replace(tzinfo=datetime.timezone.utc).timestamp()),
        "presign_expires": presign_expires,
        "expected": expected,
    }


def main():
    vh = "examplebucket.s3.amazonaws.com"
    vectors = [
        # AWS's published "GET Object" example (SigV4 documentation, header-based auth for S3).
        make_vector("aws-doc-get-object", "GET", vh, "/test.txt", headers=[("Range", "bytes=0-9")]),
        # AWS's published presigned URL example.
        make_vector("aws-doc-presigned-get", "GET", vh, "/test.txt", presign_expires=86400),
        make_vector("put-with-body", "PUT", vh, "/test$file.text",
                    headers=[("x-amz-storage-class", "REDUCED_REDUNDANCY")],
                    body=b"Welcome to Amazon S3."),
        make_vector("get-lifecycle-query-no-value", "GET", vh, "/", query=[("lifecycle", None)]),
        make_vector("list-objects-v2", "GET", vh, "/",
                    query=[("list-type", "2"), ("prefix", "exports/2024 05/"), ("max-keys", "2"),
                           ("continuation-token", "a+b/c=d")]),
        make_vector("path-style-space-key", "GET", "127.0.0.1", "/my-bucket/reports/2024 05/daily report.csv",
                    scheme="http", port=9000),
        make_vector("unicode-key", "GET", vh, "/données/été/über-ß-日本語.csv"),
        make_vector("reserved-chars-key", "PUT", vh, "/a+b=c~d%e&f@g:h;i,j!k'l(m)n*o$p.csv",
                    body=b"x,y\r\n1,2\r\n"),
        make_vector("percent-literal-not-double-encoded", "GET", vh, "/100%25 done/%20.csv"),
        make_vector("delete", "DELETE", vh, "/old/export.csv.gz"),
        make_vector("head", "HEAD", vh, "/exports/orders.csv"),
        make_vector("repeated-and-empty-query", "GET", vh, "/",
                    query=[("b", "2"), ("a", ""), ("b", "1"), ("a", None), ("c", "x y"), ("A", "upper")]),
        make_vector("session-token", "GET", vh, "/secure/object.csv", token=TOKEN),
        make_vector("unsigned-payload-put", "PUT", "s3.eu-west-1.amazonaws.com", "/examplebucket/big/upload.csv",
                    unsigned=True, region="eu-west-1", headers=[("Content-Type", "text/csv")], body=b"ignored"),
        make_vector("multipart-upload-part", "PUT", vh, "/big/file.csv",
                    query=[("partNumber", "3"), ("uploadId", "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")],
                    body=b"part-three-bytes", when=FIXED2),
        make_vector("create-multipart-upload", "POST", vh, "/big/file.csv", query=[("uploads", None)],
                    headers=[("Content-Type", "text/csv; charset=utf-8")], when=FIXED2),
        make_vector("header-whitespace-and-case", "PUT", vh, "/meta.csv",
                    headers=[("X-Amz-Meta-Note", "  several   spaces\tand tab  "), ("Content-Type", "text/csv"),
                             ("User-Agent", "ferry/1.0"), ("X-Amz-Meta-Empty", "")], body=b"a\n"),
        make_vector("repeated-header", "PUT", vh, "/tags.csv",
                    headers=[("X-Amz-Meta-Tag", "b"), ("x-amz-meta-tag", "a"), ("X-Amz-Meta-Tag", " c ")],
                    body=b"\xff\xfe binary"),
        make_vector("http-nondefault-port-virtual", "GET", "bucket.localhost", "/k", scheme="http", port=9000,
                    region="us-west-2", when=FIXED2),
        make_vector("presigned-put-session-token", "PUT", "127.0.0.1", "/bucket/up load/ü.csv", scheme="http",
                    port=9000, token=TOKEN, presign_expires=900, when=FIXED2),
        make_vector("presigned-with-query", "GET", vh, "/a b+c.csv",
                    query=[("response-content-type", "text/csv; charset=utf-8"), ("versionId", "v1")],
                    presign_expires=3600),
    ]
    published = {
        "aws-doc-get-object": "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
        "aws-doc-presigned-get": "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    }
    for vector in vectors:
        if vector["name"] in published:
            expected = vector["expected"]
            got = expected.get("signature") or expected["authorization"].rsplit("Signature=", 1)[1]
            assert got == published[vector["name"]], (vector["name"], got)
            vector["published_signature"] = published[vector["name"]]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sigv4_vectors.json")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"generator": f"botocore {botocore.__version__}", "vectors": vectors}, handle, indent=2,
                  ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {len(vectors)} vectors to {out}")


if __name__ == "__main__":
    main()
