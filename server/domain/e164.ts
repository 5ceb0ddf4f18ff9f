/**
 * An E.164 number as stored: `+`, a country code and up to 15 digits in all (ITU-T E.164). Its own module
 * so the browser can recognise one without loading the phone library.
 */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
