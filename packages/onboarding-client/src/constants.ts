// Base URLs of the Onboarding API. All paths the client builds are relative to these.

/** The self-hosted server of this repository on its default port. */
export const LOCAL_URL = 'http://127.0.0.1:4000/onboarding';

/** Alice Biometrics' hosted production API (as in the official Python SDK, alice-onboarding). */
export const ALICE_PRODUCTION_URL = 'https://apis.alicebiometrics.com/onboarding';

/** Alice Biometrics' hosted sandbox API (as in the official Python SDK, alice-onboarding). */
export const ALICE_SANDBOX_URL = 'https://apis.sandbox.alicebiometrics.com/onboarding';
