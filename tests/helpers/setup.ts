// Runs in every test worker before the test files.
process.env.SKIP_ENV_VALIDATION ??= "1";
process.env.LOG_LEVEL ??= "silent";
process.env.APP_URL ??= "http://localhost:3000";
