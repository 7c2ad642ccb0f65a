import type { VerifyAuthChallengeResponseTriggerHandler } from 'aws-lambda';

/** Right when the answer is the code CreateAuthChallenge made. */
export const handler: VerifyAuthChallengeResponseTriggerHandler = async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.code;
  console.log(JSON.stringify(event));
  return event;
};
