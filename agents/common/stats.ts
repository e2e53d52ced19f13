/**
 * 1 - Var[y - yPred] / Var[y]: the fraction of the returns' variance the critic explains (1 is
 * perfect, 0 no better than a constant, negative worse); NaN when the returns are constant.
 */
export function explainedVariance(yPred: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = y.length;
  let meanY = 0;
  let meanR = 0;
  for (let i = 0; i < n; i++) {
    meanY += y[i];
    meanR += y[i] - yPred[i];
  }
  meanY /= n;
  meanR /= n;
  let varY = 0;
  let varR = 0;
  for (let i = 0; i < n; i++) {
    varY += (y[i] - meanY) ** 2;
    varR += (y[i] - yPred[i] - meanR) ** 2;
  }
  return varY === 0 ? NaN : 1 - varR / varY;
}
