export { authCheck, type AuthCheckResult } from './auth-check.js';
