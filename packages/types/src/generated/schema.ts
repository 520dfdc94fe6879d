// generated — do not edit.
// Source: openapi/impersonation-registry.yaml (sha256 06171891c5057c4575f2843d43888fe1392d94f7e63934de2b3d6ece575092fc).
// Regenerate with `npm run generate`; `npm run generate -- --check` fails when this is stale.

export interface paths {
    "/accounts/{account_id}/email-security/settings/impersonation_registry": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        /**
         * List entries in impersonation registry
         * @description Returns a paginated list of protected identities in the impersonation registry. These
         *     entries define identities and email addresses to protect from impersonation attacks. Can
         *     be manually added or automatically synced from directory integrations.
         *
         *     Accepted permissions (at least one required): `Cloud Email Security: Read`,
         *     `Cloud Email Security: Write`.
         */
        get: operations["listEntries"];
        put?: never;
        /**
         * Create impersonation registry entry
         * @description Creates a new entry in the impersonation registry to protect against impersonation.
         *     Emails attempting to impersonate this identity will be flagged. Supports regex patterns
         *     for flexible email matching.
         *
         *     Accepted permissions (at least one required): `Cloud Email Security: Write`.
         */
        post: operations["createEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
                /**
                 * @description Impersonation registry entry identifier
                 * @example f174e90a-fafe-4643-bbbc-4a0ed4fc8415
                 */
                impersonation_registry_id: components["parameters"]["EntryId"];
            };
            cookie?: never;
        };
        /**
         * Get an impersonation registry entry
         * @description Retrieves details for a specific impersonation registry entry including the protected
         *     identity, email pattern, and synchronization source if directory-synced.
         *
         *     Accepted permissions (at least one required): `Cloud Email Security: Read`,
         *     `Cloud Email Security: Write`.
         */
        get: operations["getEntry"];
        put?: never;
        post?: never;
        /**
         * Delete an impersonation registry entry
         * @description Removes an entry from the impersonation registry. After deletion, this identity will no
         *     longer be protected from impersonation.
         *
         *     Accepted permissions (at least one required): `Cloud Email Security: Write`.
         */
        delete: operations["deleteEntry"];
        options?: never;
        head?: never;
        /**
         * Update an impersonation registry entry
         * @description Updates an existing impersonation registry entry. Only provided fields will be modified.
         *     Directory-synced entries can't be updated.
         *
         *     A directory-synced entry is one whose `provenance` is a directory integration (anything
         *     but `A1S_INTERNAL`). `provenance` is one of the fields a PATCH may set: a PATCH of a manual
         *     entry that sets a directory provenance answers the updated entry, and from then on the
         *     entry is directory-synced — every later PATCH is refused, one that sets `A1S_INTERNAL`
         *     back included; it can still be deleted. No public source documents this case: it is the
         *     two sentences above taken literally (see `openapi/README.md`).
         *
         *     Accepted permissions (at least one required): `Cloud Email Security: Write`.
         */
        patch: operations["updateEntry"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Where the entry comes from; `A1S_INTERNAL` is a manual entry, the others are directory integrations.
         * @enum {string}
         */
        Provenance: "A1S_INTERNAL" | "SNOOPY-CASB_OFFICE_365" | "SNOOPY-OFFICE_365" | "SNOOPY-GOOGLE_DIRECTORY";
        /** @description An impersonation registry entry */
        ImpersonationRegistryEntry: {
            /**
             * Format: uuid
             * @description Impersonation registry entry identifier
             */
            id?: string;
            comments?: string | null;
            /** Format: date-time */
            created_at?: string;
            directory_id?: number | null;
            directory_node_id?: number | null;
            /** @description The protected address, or a regular expression when `is_email_regex` is true. */
            email?: string;
            /** @deprecated */
            external_directory_node_id?: string | null;
            is_email_regex?: boolean;
            /**
             * Format: date-time
             * @deprecated
             * @description Deprecated, use `modified_at` instead. End of life: November 1, 2026.
             */
            last_modified?: string;
            /** Format: date-time */
            modified_at?: string;
            name?: string;
            provenance?: components["schemas"]["Provenance"];
        };
        CreateEntryBody: {
            /** @description The protected address, or a regular expression when `is_email_regex` is true. */
            email: string;
            is_email_regex: boolean;
            name: string;
            comments?: string | null;
            directory_id?: number | null;
            directory_node_id?: number | null;
            /** @deprecated */
            external_directory_node_id?: string | null;
            provenance?: components["schemas"]["Provenance"];
        };
        /** @description Only provided fields will be modified; at least one is required. */
        UpdateEntryBody: {
            comments?: string | null;
            directory_id?: number | null;
            directory_node_id?: number | null;
            /**
             * @description The protected address, or a regular expression when the entry's `is_email_regex` (this
             *     body's, or the stored one when the body has none) is true.
             */
            email?: string;
            /** @deprecated */
            external_directory_node_id?: string | null;
            is_email_regex?: boolean;
            name?: string;
            provenance?: components["schemas"]["Provenance"];
        };
        DeletedEntry: {
            /**
             * Format: uuid
             * @description Impersonation registry entry identifier
             */
            id: string;
        };
        ResponseMessage: {
            code: number;
            message: string;
            documentation_url?: string;
            source?: {
                pointer?: string;
            };
        };
        /** @description One error. `error_chain` lists the errors that led to it, each an error of the same shape. */
        ResponseError: {
            code: number;
            message: string;
            documentation_url?: string;
            source?: {
                pointer?: string;
            };
            /** @description The errors that led to this one, when Cloudflare reports a cause. */
            error_chain?: components["schemas"]["ResponseError"][];
        };
        ResponseMessages: components["schemas"]["ResponseMessage"][];
        ResultInfo: {
            /** @description Total number of results for the requested service. */
            count?: number;
            /** @description Current page within paginated list of results. */
            page?: number;
            /** @description Number of results per page of results. */
            per_page?: number;
            /** @description Total results available without any search parameters. */
            total_count?: number;
        };
        /**
         * @description Whether the API call was successful.
         * @enum {boolean}
         */
        Success: true;
        EntryEnvelope: {
            errors: components["schemas"]["ResponseMessages"];
            messages: components["schemas"]["ResponseMessages"];
            success: components["schemas"]["Success"];
            result?: components["schemas"]["ImpersonationRegistryEntry"];
        };
        EntryListEnvelope: {
            errors: components["schemas"]["ResponseMessages"];
            messages: components["schemas"]["ResponseMessages"];
            success: components["schemas"]["Success"];
            result?: components["schemas"]["ImpersonationRegistryEntry"][];
            result_info?: components["schemas"]["ResultInfo"];
        };
        DeletedEntryEnvelope: {
            errors: components["schemas"]["ResponseMessages"];
            messages: components["schemas"]["ResponseMessages"];
            success: components["schemas"]["Success"];
            result?: components["schemas"]["DeletedEntry"];
        };
        ErrorEnvelope: {
            errors: components["schemas"]["ResponseError"][];
            messages: components["schemas"]["ResponseMessages"];
            /**
             * @description Whether the API call was successful.
             * @enum {boolean}
             */
            success: false;
            /**
             * @description Always null on errors.
             * @enum {object|null}
             */
            result: never | null;
        };
    };
    responses: {
        /** @description The entry. */
        Entry: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [],
                 *       "messages": [],
                 *       "success": true,
                 *       "result": {
                 *         "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
                 *         "comments": null,
                 *         "created_at": "2026-03-02T09:15:27.104Z",
                 *         "directory_id": null,
                 *         "directory_node_id": null,
                 *         "email": "john.doe@example.com",
                 *         "external_directory_node_id": null,
                 *         "is_email_regex": false,
                 *         "modified_at": "2026-03-02T09:15:27.104Z",
                 *         "name": "John Doe",
                 *         "provenance": "A1S_INTERNAL"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["EntryEnvelope"];
            };
        };
        /** @description One page of entries. */
        EntryList: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [],
                 *       "messages": [],
                 *       "success": true,
                 *       "result": [
                 *         {
                 *           "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
                 *           "comments": null,
                 *           "created_at": "2026-03-02T09:15:27.104Z",
                 *           "directory_id": null,
                 *           "directory_node_id": null,
                 *           "email": "john.doe@example.com",
                 *           "external_directory_node_id": null,
                 *           "is_email_regex": false,
                 *           "modified_at": "2026-03-02T09:15:27.104Z",
                 *           "name": "John Doe",
                 *           "provenance": "A1S_INTERNAL"
                 *         },
                 *         {
                 *           "id": "0b8d6c3e-2f4a-4c1e-9a57-3d2e1f0c9b8a",
                 *           "comments": "Synced from Microsoft 365",
                 *           "created_at": "2026-01-19T17:42:03.881Z",
                 *           "directory_id": 42,
                 *           "directory_node_id": 9381,
                 *           "email": "jane.roe@example.com",
                 *           "external_directory_node_id": null,
                 *           "is_email_regex": false,
                 *           "modified_at": "2026-02-07T08:00:00Z",
                 *           "name": "Jane Roe",
                 *           "provenance": "SNOOPY-OFFICE_365"
                 *         }
                 *       ],
                 *       "result_info": {
                 *         "count": 2,
                 *         "page": 1,
                 *         "per_page": 20,
                 *         "total_count": 2
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["EntryListEnvelope"];
            };
        };
        /** @description The id of the deleted entry. */
        Deleted: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [],
                 *       "messages": [],
                 *       "success": true,
                 *       "result": {
                 *         "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["DeletedEntryEnvelope"];
            };
        };
        /**
         * @description Refused before the registry looked at it: no credentials (code 9106), a malformed
         *     `Authorization` header (6003, its cause 6111 in the error's `error_chain`), an `account_id`
         *     Cloudflare cannot route (7003), or input the operation does not accept (a path, query or
         *     body the schemas refuse, a body that is not JSON).
         */
        BadRequest: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description A well-formed credential that may not make this call: a token Cloudflare does not accept
         *     (code 9109), or credentials without access to the account or the operation's permission
         *     (10000).
         */
        Forbidden: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description Any other refusal, for example an entry that does not exist or a directory-synced entry that
         *     cannot be updated: Cloudflare documents no status for those.
         */
        ClientError: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "code": 10000,
                 *           "message": "Authentication error"
                 *         }
                 *       ],
                 *       "messages": [],
                 *       "success": false,
                 *       "result": null
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Too many requests for this token; wait `Retry-After` seconds. */
        RateLimited: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                "Retry-After": components["headers"]["RetryAfter"];
                Ratelimit: components["headers"]["Ratelimit"];
                "Ratelimit-Policy": components["headers"]["RatelimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "code": 971,
                 *           "message": "Please wait and consider throttling your request speed"
                 *         }
                 *       ],
                 *       "messages": [],
                 *       "success": false,
                 *       "result": null
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Cloudflare failed to handle the request; it may be retried. */
        ServerError: {
            headers: {
                "cf-ray": components["headers"]["CfRay"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "code": 10001,
                 *           "message": "Internal server error"
                 *         }
                 *       ],
                 *       "messages": [],
                 *       "success": false,
                 *       "result": null
                 *     }
                 */
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
    };
    parameters: {
        /**
         * @description Identifier.
         * @example 023e105f4ecef8ad9ca31a8372d0c353
         */
        AccountId: string;
        /**
         * @description Impersonation registry entry identifier
         * @example f174e90a-fafe-4643-bbbc-4a0ed4fc8415
         */
        EntryId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Cloudflare's identifier of the request (hex id and data-center code); quote it to support.
         * @example 8e6a1f3b2c4d5e6f-SJC
         */
        CfRay: string;
        /**
         * @description Seconds to wait before sending another request.
         * @example 30
         */
        RetryAfter: number;
        /**
         * @description The remaining quota of the current window and the seconds until it resets.
         * @example "default";r=0;t=30
         */
        Ratelimit: string;
        /**
         * @description The quota and the window length in seconds.
         * @example "default";q=1200;w=300
         */
        RatelimitPolicy: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listEntries: {
        parameters: {
            query?: {
                /**
                 * @description The sorting direction.
                 * @example asc
                 */
                direction?: "asc" | "desc";
                /**
                 * @description Field to sort by.
                 * @example name
                 */
                order?: "name" | "email" | "created_at";
                /**
                 * @description Current page within paginated list of results.
                 * @example 1
                 */
                page?: number;
                /**
                 * @description The number of results per page. Maximum value is 1000.
                 * @example 20
                 */
                per_page?: number;
                /**
                 * @description Only entries of this provenance.
                 * @example A1S_INTERNAL
                 */
                provenance?: components["schemas"]["Provenance"];
                /**
                 * @description Search term for filtering records. Behavior may change.
                 * @example john
                 */
                search?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EntryList"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            "4XX": components["responses"]["ClientError"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    createEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEntryBody"];
            };
        };
        responses: {
            200: components["responses"]["Entry"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            "4XX": components["responses"]["ClientError"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    getEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
                /**
                 * @description Impersonation registry entry identifier
                 * @example f174e90a-fafe-4643-bbbc-4a0ed4fc8415
                 */
                impersonation_registry_id: components["parameters"]["EntryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Entry"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            "4XX": components["responses"]["ClientError"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    deleteEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
                /**
                 * @description Impersonation registry entry identifier
                 * @example f174e90a-fafe-4643-bbbc-4a0ed4fc8415
                 */
                impersonation_registry_id: components["parameters"]["EntryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["Deleted"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            "4XX": components["responses"]["ClientError"];
            "5XX": components["responses"]["ServerError"];
        };
    };
    updateEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Identifier.
                 * @example 023e105f4ecef8ad9ca31a8372d0c353
                 */
                account_id: components["parameters"]["AccountId"];
                /**
                 * @description Impersonation registry entry identifier
                 * @example f174e90a-fafe-4643-bbbc-4a0ed4fc8415
                 */
                impersonation_registry_id: components["parameters"]["EntryId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateEntryBody"];
            };
        };
        responses: {
            200: components["responses"]["Entry"];
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            "4XX": components["responses"]["ClientError"];
            "5XX": components["responses"]["ServerError"];
        };
    };
}
