"""The official Python SDK against the emulator with --verify-aksk.

Usage: python_list_failure_jobs.py ENDPOINT MODE, with the key pair in
HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK and MODE one of:
  list        ListFailureJobs with BasicCredentials(ak, sk, project_id)
  lookup      the same without a project id: the SDK looks it up from IAM
              (HUAWEICLOUD_SDK_IAM_ENDPOINT) with GET /v3/projects
  wrong-sk    expects the gateway's 401 APIGW.0301
Prints one JSON line with what happened.
"""
import json
import os
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.region.region import Region
from huaweicloudsdksdrs.v1 import ListFailureJobsRequest, SdrsClient

endpoint, mode = sys.argv[1], sys.argv[2]
ak, sk = os.environ["HUAWEICLOUD_SDK_AK"], os.environ["HUAWEICLOUD_SDK_SK"]
project_id = os.environ.get("SDRS_TEST_PROJECT_ID")
if mode == "wrong-sk":
    sk = sk + "x"
credentials = BasicCredentials(ak, sk, None if mode == "lookup" else project_id)
client = (
    SdrsClient.new_builder()
    .with_credentials(credentials)
    .with_region(Region("ap-southeast-3", endpoint))
    .build()
)
try:
    response = client.list_failure_jobs(ListFailureJobsRequest(limit=5, failure_status="createFail"))
    jobs = response.failure_jobs or []
    print(json.dumps({
        "status": response.status_code,
        "count": response.count,
        "rows": len(jobs),
        "statuses": sorted({j.failure_status for j in jobs}),
        "project_id": credentials.project_id,
    }))
except exceptions.ClientRequestException as e:
    print(json.dumps({"status": e.status_code, "error_code": e.error_code, "error_msg": e.error_msg}))
