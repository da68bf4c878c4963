import { describe, expect, it } from 'vitest';
import {
  allCorrect,
  answersProblem,
  canAnswer,
  canReview,
  canUploadDocument,
  outOfWalletQuestions,
  questionPrompt,
  requirements,
  reviewDecision,
  SandboxKycProvider,
  type KycPerson,
} from './kyc.ts';

const person = (ssn: string): KycPerson => ({ first_name: 'John', last_name: 'Doe', birth_date: '1985-01-23', ssn_number: ssn });
const provider = new SandboxKycProvider();

describe('sandbox KYC provider', () => {
  it('approves ordinary SSNs with the API reference\'s data', async () => {
    const d = await provider.verify(person('123456789'));
    expect(d.status).toBe('approved');
    expect(d.data).toEqual({ result: 'success', score: 0.99, tags: ['Address Match', 'Phone Match'], outcome: 'Approved' });
    expect(d.questions).toBeUndefined();
  });
  it('asks 5 questions for ...0002', async () => {
    const d = await provider.verify(person('123450002'));
    expect(d.status).toBe('action_required');
    expect(d.questions).toHaveLength(5);
    for (const q of d.questions!) expect(q.answers.length).toBeGreaterThanOrEqual(4);
  });
  it('wants documents for ...0003 and rejects ...0004', async () => {
    expect((await provider.verify(person('123450003'))).status).toBe('documentation_required');
    const rejected = await provider.verify(person('123450004'));
    expect(rejected.status).toBe('rejected');
    expect(rejected.data.outcome).toBe('Rejected');
  });
  it('grades: all first options → approved, any miss → documentation_required', async () => {
    const qs = outOfWalletQuestions('123450002');
    const right = qs.map((q) => ({ question_id: q.id, answer_id: q.answers[0]!.id }));
    expect((await provider.grade(qs, right)).status).toBe('approved');
    const wrong = right.map((a, i) => (i === 2 ? { ...a, answer_id: 2 } : a));
    expect((await provider.grade(qs, wrong)).status).toBe('documentation_required');
    expect((await provider.grade(qs, right.slice(1))).status).toBe('documentation_required');
  });
});

describe('out-of-wallet questions', () => {
  it('are the same for the same person and differ between people', () => {
    expect(outOfWalletQuestions('123450002')).toEqual(outOfWalletQuestions('123450002'));
    expect(outOfWalletQuestions('123450002')).not.toEqual(outOfWalletQuestions('987650002'));
  });
  it('have ids 1..5, distinct questions, 5 distinct options each', () => {
    const qs = outOfWalletQuestions('555550002');
    expect(qs.map((q) => q.id)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(qs.map((q) => q.question)).size).toBe(5);
    for (const q of qs) {
      expect(q.answers.map((a) => a.id)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(q.answers.map((a) => a.answer)).size).toBe(5);
    }
  });
  it('are presented in the API reference\'s required/prompts shape', () => {
    const qs = outOfWalletQuestions('123450002');
    const p = questionPrompt(qs);
    expect(p.required[0]!.key).toBe('answers');
    expect(p.required[0]!.template.answers).toEqual(qs.map((q) => ({ question_id: q.id, answer_id: 0 })));
    expect(p.optional).toEqual([]);
    expect(p.prompts.answers.questions[0]).toEqual({ id: 1, question: qs[0]!.question, answers: qs[0]!.answers });
  });
});

describe('answer sheets', () => {
  const qs = outOfWalletQuestions('123450002');
  const right = qs.map((q) => ({ question_id: q.id, answer_id: 1 }));
  it('accept one answer per question', () => {
    expect(answersProblem(qs, right)).toBeNull();
    expect(allCorrect(qs, right)).toBe(true);
  });
  it('name unknown, repeated, missing and out-of-range answers', () => {
    expect(answersProblem(qs, [...right, { question_id: 9, answer_id: 1 }])).toMatch(/unknown question_id 9/);
    expect(answersProblem(qs, [...right.slice(1), right[1]!])).toMatch(/twice/);
    expect(answersProblem(qs, right.slice(1))).toMatch(/all 5/);
    expect(answersProblem(qs, right.map((a) => ({ ...a, answer_id: 6 })))).toMatch(/no answer_id 6/);
  });
});

describe('status moves', () => {
  it('allow answers only when action is required', () => {
    expect(canAnswer('action_required')).toBe(true);
    expect(canAnswer('documentation_required')).toBe(false);
  });
  it('take documents when asked or under review', () => {
    expect(canUploadDocument('documentation_required')).toBe(true);
    expect(canUploadDocument('in_review')).toBe(true);
    expect(canUploadDocument('approved')).toBe(false);
    expect(canUploadDocument('action_required')).toBe(false);
  });
  it('let the reviewer decide any check that is not final', () => {
    expect(canReview('in_review')).toBe(true);
    expect(canReview('documentation_required')).toBe(true);
    expect(canReview('action_required')).toBe(true);
    expect(canReview('approved')).toBe(false);
    expect(canReview('rejected')).toBe(false);
    expect(reviewDecision('approved').status).toBe('approved');
    expect(reviewDecision('rejected').status).toBe('rejected');
  });
});

describe('requirements', () => {
  it('ask for questions, then documents, then nothing', () => {
    const qs = outOfWalletQuestions('123450002');
    expect(requirements('action_required', qs)).toEqual(questionPrompt(qs));
    const docs = requirements('documentation_required', null);
    expect(docs.required?.[0]?.key).toBe('documents');
    expect(docs.required?.[0]?.template).toEqual({ documents: [{ type: ['ssn card', 'license', 'passport', 'utility'] }] });
    expect(requirements('in_review', null)).toEqual({});
    expect(requirements('approved', null)).toEqual({});
  });
});
