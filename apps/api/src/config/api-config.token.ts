/** Injection token of the validated ApiConfig. */
export const API_CONFIG = Symbol('API_CONFIG');
/** Injection token of the JWT secret in force (see resolveJwtSecret). */
export const JWT_SECRET = Symbol('JWT_SECRET');
