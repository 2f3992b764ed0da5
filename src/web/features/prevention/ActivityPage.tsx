import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../api/client.ts';
import { useResource } from '../../api/queries.ts';
import { Link, type PageProps } from '../../app/router.tsx';
import { can, useUser } from '../../app/session.ts';
import { Alert, LiveRegion } from '../../components/Alert.tsx';
import { generalErrorKey } from '../../components/errors.ts';
import { addDays, formatDate, todayInDenmark } from '../../components/dates.ts';
import { ErrorSummary, SelectField } from '../../components/forms.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useFormErrors, type FieldMap } from '../../components/useFormErrors.ts';
import { formatNumber } from '../../components/numbers.ts';
import { SurveyResultsView } from './SurveyResultsView.tsx';
import { EarlierSurveys } from './EarlierSurveys.tsx';
import type { QuestionKind } from '../../../shared/prevention.ts';
import type { Activity, Survey, SurveyQr } from './types.ts';
import '../plans/plans.css';

/** The server's QR code as an inert image: an SVG in a data: URL needs no inline markup, which the CSP would refuse. */
function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** One activity (/forebyggelse/aktiviteter/:id) and, for those who run them, an anonymous survey for its participants. */
export function ActivityPage({ params }: PageProps) {
  const { t } = useTranslation();
  const user = useUser();
  const activity = useResource<Activity>(`/api/v1/activities/${encodeURIComponent(params.id ?? '')}`);
  const a = activity.data;
  return (
    <>
      <PageHeading>{a ? a.title : t('prevention.activity.heading')}</PageHeading>
      <p><Link to="/forebyggelse">{t('prevention.back')}</Link></p>
      {activity.error ? (
        <Alert variant="error">{t('errors.notFoundRecord')}</Alert>
      ) : !a ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <dl className="vink-facts">
            <dt>{t('prevention.activity.heldOn')}</dt><dd>{formatDate(a.heldOn)}</dd>
            <dt>{t('prevention.activity.kind')}</dt><dd>{t(`prevention.kind.${a.kind}`)}</dd>
            <dt>{t('prevention.activity.targetGroup')}</dt><dd>{t(`prevention.targetGroup.${a.targetGroup}`)}</dd>
            <dt>{t('prevention.activity.level')}</dt><dd>{t(`prevention.level.${a.preventionLevel}`)}</dd>
            <dt>{t('prevention.activity.sector')}</dt><dd>{t(`prevention.sector.${a.audienceSector}`)}</dd>
            <dt>{t('prevention.activity.participants')}</dt><dd>{formatNumber(a.participants)}</dd>
            <dt>{t('prevention.activity.organisations')}</dt><dd>{formatNumber(a.organisations)}</dd>
            {a.notes && <><dt>{t('prevention.activity.notes')}</dt><dd className="vink-prewrap">{a.notes}</dd></>}
          </dl>
          {can(user, 'survey.manage') && <SurveySection activity={a} />}
          {can(user, 'survey.manage') && <EarlierSurveys activityId={a.id} />}
        </>
      )}
    </>
  );
}

interface QuestionDraft { key: number; textDa: string; textEn: string; kind: QuestionKind; indicatorKey: string }

function SurveySection({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const headingId = useId();
  const today = todayInDenmark();
  const [title, setTitle] = useState(t('prevention.survey.defaultTitle', { title: activity.title }));
  const [opensOn, setOpensOn] = useState(activity.heldOn);
  const [closesOn, setClosesOn] = useState(addDays(activity.heldOn > today ? activity.heldOn : today, 30));
  const [questions, setQuestions] = useState<QuestionDraft[]>([
    { key: 1, textDa: t('prevention.survey.defaultQuestionDa'), textEn: t('prevention.survey.defaultQuestionEn'), kind: 'agreement', indicatorKey: 'able_to_help' },
  ]);
  const create = useMutation({ mutationFn: async (body: object) => (await apiPost<Survey>('/api/v1/surveys', body)).body });
  const created = create.data;
  // The QR code and link of the survey just created.
  const qr = useResource<SurveyQr>(created ? `/api/v1/surveys/${created.id}/qr` : null);
  const form = useFormErrors();
  const fields: FieldMap = {
    title: { target: 'survey-title', message: t('prevention.survey.errors.title') },
    opensOn: { target: 'survey-opens', message: t('prevention.survey.errors.opensOn') },
    closesOn: { target: 'survey-closes', message: t('prevention.survey.errors.closesOn') },
    questions: { target: 'survey-q-1-da', message: t('prevention.survey.errors.questions') },
  };

  function update(key: number, patch: Partial<QuestionDraft>) {
    setQuestions((qs) => qs.map((q) => (q.key === key ? { ...q, ...patch } : q)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const problems = [
      !title.trim() && fields.title!,
      !opensOn && fields.opensOn!,
      (!closesOn || closesOn < opensOn) && fields.closesOn!,
      ...questions.filter((q) => !q.textDa.trim()).map((q) => ({ target: `survey-q-${q.key}-da`, message: t('prevention.survey.errors.question') })),
    ].filter((x): x is FieldMap[string] => Boolean(x));
    if (!form.check(problems)) return;
    try {
      await create.mutateAsync({
        activityId: activity.id, title: title.trim(), opensOn, closesOn,
        questions: questions.map((q) => ({
          textDa: q.textDa.trim(), kind: q.kind, ...(q.textEn.trim() ? { textEn: q.textEn.trim() } : {}), ...(q.indicatorKey ? { indicatorKey: q.indicatorKey } : {}),
        })),
      });
    } catch (error) {
      form.fromError(error, fields, t);
    }
  }

  if (created) {
    return (
      <section className="vink-plan-section" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('prevention.survey.createdHeading')}</h2>
        <LiveRegion><Alert variant="success">{t('prevention.survey.created', { title: created.title })}</Alert></LiveRegion>
        <p>{t('prevention.survey.shareIntro', { closes: formatDate(created.closesOn) })}</p>
        {qr.error ? <Alert variant="error">{t(generalErrorKey(qr.error))}</Alert> : null}
        {qr.data && (
          <>
            <img className="vink-qr-code" src={svgDataUrl(qr.data.qrSvg)} alt={t('prevention.survey.qrAlt')} width={240} height={240} />
            <p>
              {t('prevention.survey.link')}{' '}
              <a className="vink-link-text" href={qr.data.url} target="_blank" rel="noreferrer noopener" data-testid="survey-link">
                {qr.data.url}
                <span className="sr-only"> {t('prevention.survey.opensNewWindow')}</span>
              </a>
            </p>
          </>
        )}
        <SurveyResultsView surveyId={created.id} />
      </section>
    );
  }

  return (
    <section className="vink-plan-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('prevention.survey.heading')}</h2>
      <p>{t('prevention.survey.intro')}</p>
      <ErrorSummary errors={form.errors} attempt={form.attempt} />
      <LiveRegion assertive>{form.formError && <Alert variant="error">{form.formError}</Alert>}</LiveRegion>
      <form noValidate onSubmit={submit} className="vink-form" aria-labelledby={headingId} aria-busy={create.isPending}>
        <TextField id="survey-title" label={t('prevention.survey.title')} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} error={form.errorFor('survey-title')} />
        <TextField id="survey-opens" type="date" label={t('prevention.survey.opensOn')} value={opensOn} onChange={(e) => setOpensOn(e.target.value)} error={form.errorFor('survey-opens')} />
        <TextField id="survey-closes" type="date" label={t('prevention.survey.closesOn')} value={closesOn} onChange={(e) => setClosesOn(e.target.value)} error={form.errorFor('survey-closes')} />
        <h3>{t('prevention.survey.questions')}</h3>
        <ol className="vink-question-list">
          {questions.map((q, i) => (
            <li key={q.key}>
              <TextField id={`survey-q-${q.key}-da`} label={t('prevention.survey.questionDa', { n: i + 1 })} maxLength={500} value={q.textDa}
                onChange={(e) => update(q.key, { textDa: e.target.value })} error={form.errorFor(`survey-q-${q.key}-da`)} />
              <TextField id={`survey-q-${q.key}-en`} label={t('prevention.survey.questionEn', { n: i + 1 })} maxLength={500} value={q.textEn} lang="en"
                onChange={(e) => update(q.key, { textEn: e.target.value })} />
              <SelectField id={`survey-q-${q.key}-kind`} label={t('prevention.survey.kind', { n: i + 1 })} value={q.kind}
                onChange={(e) => update(q.key, { kind: e.target.value as QuestionDraft['kind'] })}
                options={[{ value: 'agreement', label: t('prevention.survey.kinds.agreement') }, { value: 'yes_no', label: t('prevention.survey.kinds.yes_no') }]} />
              {questions.length > 1 && (
                <button type="button" className="button button-tertiary" onClick={() => setQuestions((qs) => qs.filter((x) => x.key !== q.key))}>
                  {t('prevention.survey.removeQuestion', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button type="button" className="button button-secondary"
          onClick={() => setQuestions((qs) => [...qs, { key: Math.max(...qs.map((x) => x.key)) + 1, textDa: '', textEn: '', kind: 'agreement', indicatorKey: '' }])}>
          {t('prevention.survey.addQuestion')}
        </button>
        <div>
          <button type="submit" className="button button-primary">{t('prevention.survey.create')}</button>
        </div>
      </form>
    </section>
  );
}
