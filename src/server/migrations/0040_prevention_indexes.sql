-- 0040 Indexes for prevention work: survey results per question, indicators over answer dates, surveys per unit.
-- No personal data: survey answers are anonymous and dated to the day only (see 0003).

CREATE INDEX survey_answers_question_idx ON survey_answers (question_id);
CREATE INDEX survey_responses_survey_idx ON survey_responses (survey_id, answered_on);
CREATE INDEX survey_responses_unit_day_idx ON survey_responses (unit_id, answered_on);
CREATE INDEX surveys_unit_idx ON surveys (unit_id, opens_on);
CREATE INDEX survey_questions_indicator_idx ON survey_questions (unit_id, indicator_key) WHERE indicator_key IS NOT NULL;
