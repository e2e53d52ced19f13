import { UserError } from '../../env/errors/errors.js';
import { portfolioFeatureNames } from '../../env/portfolio/observation.js';
import type { PortfolioParams } from '../../env/portfolio/params.js';
import type { PortfolioPolicy } from '../../env/portfolio/policy.js';
import { greedyActions, type AgentModel } from './agent-model.js';

/**
 * A PPO agent trained on a portfolio env (issue 24) as a {@link PortfolioPolicy}: the Gaussian
 * means of its m dimensions mapped into the Box, m numbers per lane, so evaluation is
 * deterministic.
 * @throws UserError when the model was not trained on a portfolio with these names, or has no Gaussian head of m dimensions
 */
export function portfolioAgentPolicy(model: AgentModel, name: string, p: PortfolioParams): PortfolioPolicy {
  const trained = model.topology.features;
  const here = portfolioFeatureNames(p);
  if (trained.join(',') !== here.join(',')) {
    throw new UserError(`${name} was trained on observation [${trained.join(', ')}] but this portfolio observes [${here.join(', ')}]`);
  }
  const outputs = model.topology.nets.actor?.sizes.at(-1);
  if (model.topology.head.kind !== 'gaussian' || outputs !== p.m) {
    throw new UserError(`${name} has no Gaussian head of ${p.m} dimensions (one per name); a portfolio policy needs one`);
  }
  if (JSON.stringify(model.topology.action) !== JSON.stringify(p.action)) {
    throw new UserError(`${name} was trained on action ${JSON.stringify(model.topology.action)} but this portfolio's is ${JSON.stringify(p.action)}`);
  }
  return {
    name,
    act(input, actions) {
      greedyActions(model, input.observations, input.lanes, actions);
    },
  };
}
