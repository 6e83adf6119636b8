"""Drives Alice's Python SDK (alice-onboarding, unchanged) against an Onboarding API.

Runs the seed's flow (create user, add selfie, report parsed as Report, void under
50, enable, authenticate, get authentication) and the user-management calls, then
the calls the self-hosted server does not support (each must fail with a clear
501 NOT_SUPPORTED). Prints one line per call and "N of M calls working".

Environment (docs/CONTRACT.md, "Re-run with the SDK"):
  SDK_CHECK_URL      base URL ending in /onboarding, e.g. http://127.0.0.1:4000/onboarding
  SDK_CHECK_API_KEY  the server's API key
  SDK_CHECK_PHOTO    a still photo of a face (no liveness: the flow voids it)
  SDK_CHECK_SELFIE   a 2-3 s selfie video of the same person (the enrollment)
  SDK_CHECK_LOGIN    another clip of the same person (the login)
The server must not require a challenge_id (ONBOARDING_REQUIRE_CHALLENGE=false):
the SDK's authenticate_user sends none.
"""
import os
import sys

from alice.config import Config
from alice.onboarding.enums.document_type import DocumentType
from alice.onboarding.enums.user_state import UserState
from alice.onboarding.models.device_info import DeviceInfo
from alice.onboarding.models.report.report import Report
from alice.onboarding.models.user_info import UserInfo
from alice.onboarding.onboarding import Onboarding

results = []


def call(name, result, check=lambda value: True):
    """Records one SDK call: it works when the Result is a success whose value passes `check`."""
    ok = result.is_success and bool(check(result.value))
    shown = result.value if not isinstance(result.value, (bytes, Report)) else type(result.value).__name__
    results.append((name, ok))
    print(f"{'ok ' if ok else 'BAD'} {name}: {str(shown)[:160]}")
    return result.value


def read(env):
    with open(os.environ[env], "rb") as f:
        return f.read()


onboarding = Onboarding.from_config(Config(api_key=os.environ["SDK_CHECK_API_KEY"], onboarding_url=os.environ["SDK_CHECK_URL"]))
client = onboarding.onboarding_client

call("healthcheck", onboarding.healthcheck())
user_id = call("create_user", onboarding.create_user(
    user_info=UserInfo(first_name="Ada", last_name="Lovelace", email="ada@example.com"),
    device_info=DeviceInfo(device_platform="Android", device_platform_version="14", device_model="Pixel 8"),
    flow_id="not-used-here",
))
call("add_selfie (photo)", onboarding.add_selfie(user_id, read("SDK_CHECK_PHOTO")))
report = call("create_report (Report)", onboarding.create_report(user_id=user_id), lambda r: isinstance(r, Report))
liveness = report.selfies[-1].liveness
print(f"    latest selfie liveness: {liveness}")
if liveness is None or liveness < 50:
    call("void_selfie (liveness under 50)", onboarding.void_selfie(user_id))
call("add_selfie (video)", onboarding.add_selfie(user_id, read("SDK_CHECK_SELFIE")))
report = call("create_report (Report)", onboarding.create_report(user_id=user_id),
              lambda r: isinstance(r, Report) and [s.voided for s in r.selfies] == [True, False] and r.summary.face_liveness >= 50)
print(f"    summary: face_liveness={report.summary.face_liveness} state={report.summary.state.value} "
      f"external_user_data={report.summary.external_user_data} devices={report.summary.devices}")
call("get_user_state", onboarding.get_user_state(user_id), lambda s: s == UserState.TO_REVIEW)
call("enable_authentication", onboarding.enable_authentication(user_id))
call("get_user_state", onboarding.get_user_state(user_id), lambda s: s == UserState.ACCEPTED)
auth_id = call("authenticate_user", onboarding.authenticate_user(user_id, read("SDK_CHECK_LOGIN")))
auth = call("get_authentication", onboarding.get_authentication(user_id, auth_id),
            lambda a: a["authentication_id"] == auth_id and a["face_matching"] >= 50 and a["face_liveness"] >= 50)
call("get_authentications (page_size=0)", onboarding.get_authentications(user_id), lambda p: p["total"] == 1)
call("get_authentications_ids", onboarding.get_authentications_ids(user_id), lambda ids: ids == [auth_id])
call("download (authentication video)", onboarding.download(user_id, auth["media"]["video"]["href"]), lambda b: len(b) > 0)
media_id = report.selfies[-1].media["cropped_face"].href.split("/media/")[1].split("/")[0]
call("retrieve_media (face crop)", onboarding.retrieve_media(user_id, media_id), lambda b: b[:2] == b"\xff\xd8")
call("get_user_status", onboarding.get_user_status(user_id), lambda u: u["authorized"] and u["user_state"]["value"] == "ACCEPTED")
call("get_users", onboarding.get_users(), lambda users: any(u["user_id"] == user_id for u in users))
call("get_users_stats", onboarding.get_users_stats(), lambda s: s["authorized"] >= 1)
call("get_users_status (defaults)", onboarding.get_users_status(), lambda p: any(u["user_id"] == user_id for u in p["users"]))
call("get_users_status (authorized, state ACCEPTED, page_size=0)",
     onboarding.get_users_status(page_size=0, authorized=True, filter_field="state", filter_value="ACCEPTED"),
     lambda p: [u["user_id"] for u in p["users"]] == [user_id])
call("update_user_state (REJECTED)", onboarding.update_user_state(
    user_id, UserState.REJECTED, operator="reviewer@example.com", update_reasons=[{"reason": "Checked by hand"}]))
call("get_user_state", onboarding.get_user_state(user_id), lambda s: s == UserState.REJECTED)
call("update_user_state (ACCEPTED)", onboarding.update_user_state(user_id, UserState.ACCEPTED))
call("disable_authentication", onboarding.disable_authentication(user_id))
call("get_user_state", onboarding.get_user_state(user_id), lambda s: s == UserState.TO_REVIEW)
call("delete_selfie (one, by id)", onboarding.delete_selfie(user_id, selfie_id=report.selfies[0].id))
call("delete_selfie (all)", onboarding.delete_selfie(user_id))
call("delete_user", onboarding.delete_user(user_id))
supported = len(results)

# Out of scope: each must be a failure with the server's 501 NOT_SUPPORTED, never a 404.
other = call("create_user (for the out-of-scope calls)", onboarding.create_user())
unsupported = {
    "supported_documents": lambda: onboarding.supported_documents(),
    "create_document": lambda: onboarding.create_document(other, DocumentType.ID_CARD, "ESP"),
    "create_certificate": lambda: onboarding.create_certificate(other),
    "screening": lambda: onboarding.screening(other),
    "retrieve_flows": lambda: onboarding.retrieve_flows(),
    "get_user_flow": lambda: client.get_user_flow(other),
    "identify_user": lambda: client.identify_user(other, [other]),
    "get_duplicates_searches": lambda: client.get_duplicates_searches(),
}
for name, run in unsupported.items():
    result = run()
    value = result.value
    code = value.code if hasattr(value, "code") else value.status_code
    body = value.message if hasattr(value, "message") else value.json()
    ok = code == 501 and body["error"]["code"] == "NOT_SUPPORTED"
    results.append((f"{name} (out of scope)", ok))
    print(f"{'ok ' if ok else 'BAD'} {name} (out of scope): {code} {body['error']['code']} {body['error']['message']}")
call("delete_user", onboarding.delete_user(other))

working = sum(1 for _, ok in results if ok)
print(f"\n{sum(1 for _, ok in results[:supported] if ok)} of {supported} supported calls working; "
      f"{working} of {len(results)} calls as expected (out-of-scope ones answered 501 NOT_SUPPORTED)")
sys.exit(0 if working == len(results) else 1)
