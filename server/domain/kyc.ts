// KYC rules with no I/O: the statuses and which moves they allow, the provider interface, and
// the sandbox provider whose outcome is decided by the SSN's last four digits.

export const KYC_STATUSES = [
  'pending',
  'action_required',
  'documentation_required',
  'in_review',
  'approved',
  'rejected',
] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const DOCUMENT_TYPES = ['ssn card', 'license', 'passport', 'utility'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The identity data a check runs on: a user's or a joint member's. */
export interface KycPerson {
  first_name: string;
  last_name: string;
  birth_date: string;
  ssn_number: string;
  email_address?: string | null;
  phone_number?: string | null;
  address_line_1?: string | null;
  address_city?: string | null;
  address_state?: string | null;
  address_postal_code?: string | null;
  address_country_code?: string | null;
}

export interface AnswerOption {
  id: number;
  answer: string;
}
export interface OutOfWalletQuestion {
  id: number;
  question: string;
  answers: AnswerOption[];
}
export interface GivenAnswer {
  question_id: number;
  answer_id: number;
}

/** The provider's verdict, as the API reference's `data` object shows it. */
export interface KycData {
  result: 'success' | 'pending' | 'failure';
  score: number;
  tags: string[];
  outcome: 'Approved' | 'Questions Required' | 'Documents Required' | 'Manual Review' | 'Rejected';
}

export interface KycDecision {
  status: KycStatus;
  data: KycData;
  /** Present only when status is action_required. */
  questions?: OutOfWalletQuestion[];
}

/** An identity-verification vendor. The sandbox one is deterministic; a real one does I/O. */
export interface KycProvider {
  verify(person: KycPerson): Promise<KycDecision>;
  grade(questions: readonly OutOfWalletQuestion[], answers: readonly GivenAnswer[]): Promise<KycDecision>;
}

export const QUESTION_COUNT = 5;

/** Answering questions is possible only while they are outstanding. */
export const canAnswer = (status: KycStatus) => status === 'action_required';
/** Documents are taken when asked for, and extra ones while the review is still open. */
export const canUploadDocument = (status: KycStatus) => status === 'documentation_required' || status === 'in_review';
/** The sandbox reviewer may decide any check that is not final yet. */
export const canReview = (status: KycStatus) => !isSettled(status) && status !== 'pending';
/** A settled check is never re-run by a profile change: approval sticks, rejection is final. */
export const isSettled = (status: KycStatus) => status === 'approved' || status === 'rejected';

/**
 * What the check still needs, in the API reference's required/optional/prompts shape: the questions while
 * action is required, a document while documentation is required, nothing otherwise.
 */
export function requirements(status: KycStatus, questions: readonly OutOfWalletQuestion[] | null) {
  if (status === 'action_required' && questions) return questionPrompt(questions);
  if (status === 'documentation_required') {
    return {
      required: [
        {
          key: 'documents' as const,
          type: 'array' as const,
          description: 'One identity document of any listed type, uploaded to POST /v1/kyc/{token}/documents.',
          template: { documents: [{ type: [...DOCUMENT_TYPES] }] },
        },
      ],
      optional: [],
    };
  }
  return {};
}

/** The API reference's required/prompts shape for outstanding out-of-wallet questions. */
export function questionPrompt(questions: readonly OutOfWalletQuestion[]) {
  return {
    required: [
      {
        key: 'answers' as const,
        type: 'object' as const,
        description: 'Object containing answers to out of wallet question prompts.',
        template: { answers: questions.map((q) => ({ question_id: q.id, answer_id: 0 as const })) },
      },
    ],
    optional: [],
    prompts: { answers: { questions: questions.map((q) => ({ id: q.id, question: q.question, answers: q.answers })) } },
  };
}

/** A document arrived: the check waits for a reviewer. */
export const IN_REVIEW: KycDecision = {
  status: 'in_review',
  data: { result: 'pending', score: 0.5, tags: ['Document Received'], outcome: 'Manual Review' },
};

/** The verdict a human reviewer (the sandbox review helper) gives on documents. */
export function reviewDecision(outcome: 'approved' | 'rejected'): KycDecision {
  return outcome === 'approved' ? APPROVED_AFTER_REVIEW : REJECTED;
}

const APPROVED: KycDecision = {
  status: 'approved',
  data: { result: 'success', score: 0.99, tags: ['Address Match', 'Phone Match'], outcome: 'Approved' },
};
const APPROVED_AFTER_QUESTIONS: KycDecision = {
  status: 'approved',
  data: { result: 'success', score: 0.95, tags: ['Address Match', 'Out Of Wallet Passed'], outcome: 'Approved' },
};
const APPROVED_AFTER_REVIEW: KycDecision = {
  status: 'approved',
  data: { result: 'success', score: 0.9, tags: ['Document Verified'], outcome: 'Approved' },
};
const DOCUMENTATION_REQUIRED: KycDecision = {
  status: 'documentation_required',
  data: { result: 'pending', score: 0.5, tags: ['Identity Not Resolved'], outcome: 'Documents Required' },
};
const QUESTIONS_FAILED: KycDecision = {
  status: 'documentation_required',
  data: { result: 'pending', score: 0.4, tags: ['Out Of Wallet Failed'], outcome: 'Documents Required' },
};
const REJECTED: KycDecision = {
  status: 'rejected',
  data: { result: 'failure', score: 0.05, tags: ['SSN Mismatch', 'Watchlist Hit'], outcome: 'Rejected' },
};

/**
 * Sandbox outcomes by the SSN's last four: 0002 asks 5 out-of-wallet questions (the correct answer
 * is always the first option), 0003 wants documents, 0004 is rejected, anything else is approved.
 */
export class SandboxKycProvider implements KycProvider {
  async verify(person: KycPerson): Promise<KycDecision> {
    switch (person.ssn_number.slice(-4)) {
      case '0002':
        return {
          status: 'action_required',
          data: { result: 'pending', score: 0.6, tags: ['Out Of Wallet Required'], outcome: 'Questions Required' },
          questions: outOfWalletQuestions(person.ssn_number),
        };
      case '0003':
        return DOCUMENTATION_REQUIRED;
      case '0004':
        return REJECTED;
      default:
        return APPROVED;
    }
  }

  async grade(questions: readonly OutOfWalletQuestion[], answers: readonly GivenAnswer[]): Promise<KycDecision> {
    return allCorrect(questions, answers) ? APPROVED_AFTER_QUESTIONS : QUESTIONS_FAILED;
  }
}

/** Every question answered exactly once, each with its first-listed option. */
export function allCorrect(questions: readonly OutOfWalletQuestion[], answers: readonly GivenAnswer[]): boolean {
  if (answers.length !== questions.length) return false;
  return questions.every((q) => {
    const given = answers.filter((a) => a.question_id === q.id);
    return given.length === 1 && given[0]!.answer_id === q.answers[0]!.id;
  });
}

/** Problems with an answer sheet's shape (unknown or repeated question ids), before grading. */
export function answersProblem(questions: readonly OutOfWalletQuestion[], answers: readonly GivenAnswer[]): string | null {
  const seen = new Set<number>();
  for (const a of answers) {
    const q = questions.find((x) => x.id === a.question_id);
    if (!q) return `answers: unknown question_id ${a.question_id}`;
    if (seen.has(a.question_id)) return `answers: question_id ${a.question_id} is answered twice`;
    seen.add(a.question_id);
    if (!q.answers.some((o) => o.id === a.answer_id)) {
      return `answers: question ${a.question_id} has no answer_id ${a.answer_id}`;
    }
  }
  if (seen.size !== questions.length) return `answers: all ${questions.length} questions must be answered`;
  return null;
}

interface QuestionTemplate {
  question: string;
  pool: readonly string[];
}

const STATES = ['Virginia', 'Arkansas', 'Alabama', 'West Virginia', 'Ohio', 'Oregon', 'Texas', 'Maine', 'Nevada', 'Georgia'];
const TEMPLATES: readonly QuestionTemplate[] = [
  { question: 'What state was your SSN issued in?', pool: STATES },
  {
    question: 'Which of the following streets have you lived on?',
    pool: ['Maple Ave', 'Oak St', 'Pine Rd', 'Cedar Ln', 'Elm Ct', 'Birch Way', 'Willow Dr', 'Spruce Pl'],
  },
  {
    question: 'Which of these vehicles have you owned?',
    pool: ['2012 Honda Civic', '2015 Ford Focus', '2010 Toyota Camry', '2018 Subaru Outback', '2014 Mazda 3', '2016 Kia Soul'],
  },
  {
    question: 'Which of these companies have you worked for?',
    pool: ['Blue Ridge Logistics', 'Harbor Analytics', 'Summit Foods', 'Keystone Builders', 'Lakeside Media', 'Northwind Traders'],
  },
  {
    question: 'In which county have you lived?',
    pool: ['Henrico', 'Chesterfield', 'Fairfax', 'Loudoun', 'Arlington', 'Albemarle', 'Hanover', 'Prince William'],
  },
  {
    question: 'Which of these phone numbers has been yours?',
    pool: ['804-555-0142', '703-555-0187', '540-555-0119', '434-555-0163', '757-555-0108', '276-555-0171'],
  },
  {
    question: 'Which bank has held a mortgage of yours?',
    pool: ['First Harbor Bank', 'Piedmont Savings', 'Tidewater Credit Union', 'Capitol Trust', 'Old Mill Bank', 'Crescent Federal'],
  },
];

/**
 * Five questions drawn from the templates by a PRNG seeded with the SSN's hash: the same person
 * always gets the same questions. Four options each plus "None Of The Above"; the first is correct.
 */
export function outOfWalletQuestions(ssn: string): OutOfWalletQuestion[] {
  const next = mulberry32(fnv1a(ssn));
  const templates = shuffle([...TEMPLATES], next).slice(0, QUESTION_COUNT);
  return templates.map((t, i) => {
    const options = shuffle([...t.pool], next).slice(0, 4);
    const answers = [...options, 'None Of The Above'].map((answer, j) => ({ id: j + 1, answer }));
    return { id: i + 1, question: t.question, answers };
  });
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
