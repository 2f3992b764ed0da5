import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { formatDate } from '../../components/dates.ts';
import { Header } from '../../components/Header.tsx';
import { Main, MoveFocusContext, PageHeading } from '../../components/PageHeading.tsx';
import { fetchPublicSurvey, submitAnswers, SurveyBusy, SurveyTicketUsed, SurveyUnavailable, type PublicQuestion, type PublicSurvey } from './publicApi.ts';
import './survey.css';

/** The public survey's path: /s/<token>. */
const PUBLIC_SURVEY_PATH = /^\/s\/([A-Za-z0-9_-]{1,128})\/?$/;

/** The token when the address is a public survey link, else null. */
export function publicSurveyToken(pathname: string): string | null {
  return PUBLIC_SURVEY_PATH.exec(pathname)?.[1] ?? null;
}

type Step =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'error'; busy: boolean }
  | { kind: 'answering'; survey: PublicSurvey }
  | { kind: 'thanks' };

/**
 * The anonymous answer page for participants after an activity (/s/:token). No sign-in, no cookies, nothing stored in
 * the browser, and the answers carry no identity: the server keeps the date only. Danish first, English on request.
 */
export function PublicSurveyApp({ token }: { token: string }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [moveFocus, setMoveFocus] = useState(false);

  useEffect(() => {
    fetchPublicSurvey(token)
      .then((survey) => setStep({ kind: 'answering', survey }))
      .catch((e: unknown) => setStep(e instanceof SurveyUnavailable ? { kind: 'unavailable' } : { kind: 'error', busy: e instanceof SurveyBusy }));
  }, [token]);

  function page() {
    switch (step.kind) {
      case 'loading':
        return <p role="status">{t('app.loading')}</p>;
      case 'unavailable':
        return (
          <>
            <PageHeading>{t('survey.unavailableHeading')}</PageHeading>
            <p>{t('survey.unavailable')}</p>
          </>
        );
      case 'error':
        return (
          <>
            <PageHeading>{t('survey.heading')}</PageHeading>
            <Alert variant="error">{t(step.busy ? 'errors.rateLimited' : 'errors.generic')}</Alert>
          </>
        );
      case 'answering':
        return (
          <SurveyForm
            token={token}
            survey={step.survey}
            onSent={() => {
              setMoveFocus(true);
              setStep({ kind: 'thanks' });
            }}
          />
        );
      case 'thanks':
        return (
          <>
            <PageHeading>{t('survey.thanksHeading')}</PageHeading>
            <p className="font-lead">{t('survey.thanks')}</p>
            <p>{t('survey.thanksClose')}</p>
          </>
        );
    }
  }

  return (
    <MoveFocusContext value={moveFocus}>
      <a className="skipnav" href="#main-content">{t('app.skipToContent')}</a>
      <Header />
      <Main>{page()}</Main>
    </MoveFocusContext>
  );
}

function SurveyForm({ token, survey, onSent }: { token: string; survey: PublicSurvey; onSent(): void }) {
  const { t, i18n } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questions = [...survey.questions].sort((a, b) => a.position - b.position);
  const text = (q: PublicQuestion) => (i18n.language === 'en' && q.textEn ? q.textEn : q.textDa);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (Object.keys(answers).length === 0) {
      setError(t('survey.answerOne'));
      return;
    }
    setBusy(true);
    try {
      await submitAnswers(token, survey.ticket, questions.map((q) => ({ questionId: q.id, value: answers[q.id] ?? null })));
      onSent();
    } catch (e) {
      setError(e instanceof SurveyUnavailable ? t('survey.closedMeanwhile')
        : e instanceof SurveyTicketUsed ? t('survey.alreadyAnswered')
          : t(e instanceof SurveyBusy ? 'errors.rateLimited' : 'errors.generic'));
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>{survey.title}</PageHeading>
      <p className="font-lead">{t('survey.intro')}</p>
      <p>{t('survey.closes', { date: formatDate(survey.closesOn) })}</p>
      <LiveRegion assertive>{error && <Alert variant="error">{error}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} aria-busy={busy} className="vink-survey-form">
        {questions.map((q, i) => {
          const values = q.kind === 'agreement' ? [1, 2, 3, 4, 5] : [1, 0];
          return (
            <div className="form-group" key={q.id}>
              <fieldset>
                <legend className="form-label vink-survey-legend">
                  <span className="sr-only">{t('survey.questionNo', { n: i + 1, total: questions.length })} </span>
                  {text(q)}
                </legend>
                <div className={q.kind === 'agreement' ? 'vink-scale' : undefined}>
                  {values.map((v) => {
                    const id = `q-${q.id}-${v}`;
                    return (
                      <div className="form-group-radio" key={v}>
                        <input className="form-radio" type="radio" id={id} name={`q-${q.id}`} value={v}
                          checked={answers[q.id] === v} onChange={() => setAnswers((a) => ({ ...a, [q.id]: v }))} />
                        <label className="form-label" htmlFor={id}>{t(`survey.${q.kind}.${v}`)}</label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
            </div>
          );
        })}
        <p className="vink-muted">{t('survey.anonymous')}</p>
        <button type="submit" className="button button-primary">{t('survey.send')}</button>
      </form>
    </>
  );
}
