/**
 * Hand-written from docs/API-CONTRACT.md until the server serves /api/v1/openapi.json;
 * `npm run gen:api -w @luoshi/web` replaces this file with the generated types.
 */

export interface paths {
  '/api/v1/health': {
    get: {
      parameters: {};
      responses: { 200: Json<{ status: 'ok'; database: 'sqlite' | 'postgres'; version: string }> };
    };
  };
  '/api/v1/auth/login': {
    post: {
      parameters: {};
      requestBody: Body<{ username: string; password: string }>;
      responses: { 200: Json<components['schemas']['Session']>; 401: Problem; 429: Problem };
    };
  };
  '/api/v1/auth/logout': { post: { parameters: {}; responses: { 204: NoContent } } };
  '/api/v1/auth/me': {
    get: {
      parameters: {};
      responses: { 200: Json<{ user: S['User']; csrfToken: string | null }>; 401: Problem };
    };
  };
  '/api/v1/users': {
    get: { parameters: {}; responses: { 200: Json<S['User'][]> } };
    post: {
      parameters: {};
      requestBody: Body<S['UserInput']>;
      responses: { 200: Json<S['User']>; 201: Json<S['User']> };
    };
  };
  '/api/v1/users/{id}': {
    patch: {
      parameters: { path: { id: number } };
      requestBody: Body<Partial<Omit<S['UserInput'], 'username'>> & { disabled?: boolean }>;
      responses: { 200: Json<S['User']> };
    };
  };
  '/api/v1/units': {
    get: { parameters: {}; responses: { 200: Json<S['Unit'][]> } };
    post: {
      parameters: {};
      requestBody: Body<{ name: string; fullName?: string; kind?: string; aliases?: string[] }>;
      responses: { 200: Json<S['Unit']>; 201: Json<S['Unit']> };
    };
  };
  '/api/v1/units/{id}': {
    get: {
      parameters: { path: { id: number } };
      responses: { 200: Json<{ unit: S['Unit']; tasks: S['UnitTask'][] }> };
    };
    patch: {
      parameters: { path: { id: number } };
      requestBody: Body<{ name?: string; fullName?: string; kind?: string; aliases?: string[] }>;
      responses: { 200: Json<S['Unit']> };
    };
  };
  '/api/v1/units/{id}/merge': {
    post: {
      parameters: { path: { id: number } };
      requestBody: Body<{ intoUnitId: number }>;
      responses: { 200: Json<S['Unit']> };
    };
  };
  '/api/v1/imports': {
    get: { parameters: {}; responses: { 200: Json<S['ImportSummary'][]> } };
    post: {
      parameters: {};
      requestBody: {
        content: {
          'application/json': { text: string; fileName?: string; planId?: number };
          'multipart/form-data': { file: string; planId?: number };
        };
      };
      responses: { 201: Json<S['ImportDraft']>; 422: Problem };
    };
  };
  '/api/v1/imports/{id}': {
    get: { parameters: { path: { id: number } }; responses: { 200: Json<S['ImportDraft']> } };
    patch: {
      parameters: { path: { id: number } };
      requestBody: Body<{ title?: string; period?: { from: number; to: number } | null }>;
      responses: { 200: Json<S['ImportDraft']> };
    };
    delete: { parameters: { path: { id: number } }; responses: { 204: NoContent } };
  };
  '/api/v1/imports/{id}/nodes/{path}': {
    patch: {
      parameters: { path: { id: number; path: string } };
      requestBody: Body<{ title?: string; leadUnits?: string[]; supportUnits?: string[] }>;
      responses: { 200: Json<S['ImportDraft']> };
    };
  };
  '/api/v1/imports/{id}/targets/{index}': {
    put: {
      parameters: { path: { id: number; index: number } };
      requestBody: Body<S['TargetInput']>;
      responses: { 200: Json<S['ImportDraft']> };
    };
    delete: {
      parameters: { path: { id: number; index: number } };
      responses: { 200: Json<S['ImportDraft']> };
    };
  };
  '/api/v1/imports/{id}/confirm': {
    post: {
      parameters: { path: { id: number } };
      requestBody: Body<{ unitMappings?: { name: string; unitId: number }[] }>;
      responses: { 200: Json<{ planId: number }> };
    };
  };
  '/api/v1/plans': { get: { parameters: {}; responses: { 200: Json<S['PlanSummary'][]> } } };
  '/api/v1/plans/{id}': {
    get: { parameters: { path: { id: number } }; responses: { 200: Json<S['PlanDetail']> } };
    patch: {
      parameters: { path: { id: number } };
      requestBody: Body<{ title?: string; published?: boolean }>;
      responses: { 200: Json<S['PlanDetail']> };
    };
  };
  '/api/v1/plans/{id}/nodes/{nodeId}': {
    patch: {
      parameters: { path: { id: number; nodeId: number } };
      requestBody: Body<{
        title?: string;
        body?: string;
        note?: string | null;
        leadUnitIds?: number[];
        supportUnitIds?: number[];
      }>;
      responses: { 200: Json<S['PlanNode']> };
    };
  };
  '/api/v1/plans/{id}/units': {
    get: {
      parameters: { path: { id: number } };
      responses: { 200: Json<{ unit: S['Unit']; leadTasks: number; supportTasks: number }[]> };
    };
  };
  '/api/v1/audit': {
    get: {
      parameters: {
        query?: { entityType?: string; entityId?: number; actor?: string; limit?: number; before?: number };
      };
      responses: { 200: Json<{ items: S['AuditEntry'][]; nextBefore: number | null }> };
    };
  };
}

type S = components['schemas'];
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Body<T> = { content: { 'application/json': T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type Problem = {
  headers: { [name: string]: unknown };
  content: { 'application/problem+json': S['Problem'] };
};

type Comparator = '>' | '>=' | '<=' | '<' | 'about' | '=';
type Role =
  'admin' | 'secretariat' | 'leader' | 'unit_officer' | 'statistics_officer' | 'enterprise_reporter';

export interface components {
  schemas: {
    Problem: {
      type: string;
      title: string;
      status: number;
      code: string;
      message: { zh: string; en: string };
      detail?: string;
      errors?: unknown[];
    };
    User: {
      id: number;
      username: string;
      displayName: string;
      role: Role;
      unitId: number | null;
      unitName: string | null;
      disabled: boolean;
    };
    UserInput: {
      username: string;
      displayName: string;
      role: Role;
      unitId?: number | null;
      password: string;
    };
    Session: { user: components['schemas']['User']; csrfToken: string };
    Unit: { id: number; name: string; fullName: string | null; kind: string; aliases: string[] };
    UnitRef: { id: number; name: string };
    UnitTask: {
      planId: number;
      planTitle: string;
      nodeId: number;
      label: string;
      title: string;
      role: 'lead' | 'support';
    };
    ImportSummary: {
      id: number;
      planId: number | null;
      status: string;
      fileName: string | null;
      title: string;
      createdAt: string;
      createdBy: string | null;
    };
    NodeRef: { path: string; label: string; title: string };
    PlanChanges: {
      added: components['schemas']['NodeRef'][];
      removed: components['schemas']['NodeRef'][];
      changed: {
        before: components['schemas']['NodeRef'];
        after: components['schemas']['NodeRef'];
        fields: string[];
      }[];
      targetsAdded: number;
      targetsRemoved: number;
    };
    PlanNodeDraft: {
      label: string;
      kind: 'section' | 'task' | 'measure';
      title: string;
      body: string;
      leadUnits: string[];
      supportUnits: string[];
      unitMentions: { name: string; role: 'lead' | 'support'; span: number[] }[];
      span: number[];
      children: components['schemas']['PlanNodeDraft'][];
    };
    TargetDraft: {
      indicator: string;
      comparator: Comparator;
      value: number;
      unit: string;
      deadlineYear: number | null;
      cumulative: boolean;
      text: string;
      span: number[];
    };
    PlanDraft: {
      title: string;
      issuer: string | null;
      documentNumber: string | null;
      period: { from: number; to: number } | null;
      references: string[];
      nodes: components['schemas']['PlanNodeDraft'][];
      units: string[];
      supportUnits: string[];
      targets: components['schemas']['TargetDraft'][];
      diagnostics: {
        severity: 'error' | 'warning' | 'info';
        code: string;
        message: { zh: string; en: string };
        span: number[] | null;
      }[];
    };
    ImportDraft: {
      id: number;
      planId: number | null;
      status: string;
      fileName: string | null;
      format: string;
      encoding: string;
      sourceText: string;
      draft: components['schemas']['PlanDraft'];
      unitResolution: {
        name: string;
        unitId: number | null;
        unitName: string | null;
        matchedBy: 'name' | 'alias' | null;
      }[];
      changes: components['schemas']['PlanChanges'] | null;
      createdAt: string;
      updatedAt: string;
    };
    PlanSummary: {
      id: number;
      title: string;
      issuer: string | null;
      periodFrom: number | null;
      periodTo: number | null;
      published: boolean;
      version: number;
      taskCount: number;
      targetCount: number;
      unitCount: number;
      createdAt: string;
      updatedAt: string;
    };
    PlanNode: {
      id: number;
      parentId: number | null;
      path: string;
      label: string;
      kind: 'section' | 'task' | 'measure';
      title: string;
      body: string;
      note: string | null;
      spanStart: number | null;
      spanEnd: number | null;
      leadUnits: components['schemas']['UnitRef'][];
      supportUnits: components['schemas']['UnitRef'][];
      children: components['schemas']['PlanNode'][];
    };
    Target: {
      id: number;
      nodeId: number | null;
      indicator: string;
      comparator: Comparator;
      value: number;
      unit: string;
      deadlineYear: number | null;
      cumulative: boolean;
      text: string;
      spanStart: number | null;
      spanEnd: number | null;
    };
    TargetInput: {
      indicator: string;
      comparator: Comparator;
      value: number;
      unit: string;
      deadlineYear: number | null;
      cumulative: boolean;
    };
    PlanDetail: components['schemas']['PlanSummary'] & {
      documentNumber: string | null;
      references: string[];
      sourceText: string;
      nodes: components['schemas']['PlanNode'][];
      targets: components['schemas']['Target'][];
    };
    AuditEntry: {
      id: number;
      at: string;
      actorUserId: number | null;
      actorLabel: string;
      action: string;
      entityType: string;
      entityId: number | string | null;
      before: unknown;
      after: unknown;
    };
  };
}
