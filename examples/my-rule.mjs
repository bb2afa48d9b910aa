// A learning rule of your own (docs/rules.md "Your own rule"): PEPITA whose last layer learns from
// the clean pass (the delta rule, c_k = e g(λ^k)) instead of the modulated one (c_k = e g(λ_err^k)).
//
//   pepita-ode theory --config examples/my-rule.config.json --out results/my-rule
//   pepita-ode check-rule --config examples/my-rule.config.json
//
// One step of every rule is W1^k ← W1^k − (η/√D)(a_k x + b_k x_err), W2^k ← W2^k − (η₂/D) c_k with
// x_err = x − F e/√D; a rule gives the per-sample coefficients (a, b, c) from the fields of one
// sample, in two halves: `clean` (a, and c's clean part) and `modulated` (b, and c's modulated part,
// added to c). Both engines use them: the finite-D simulation step and the exact ODE (by cubature).
// The coefficients must be functions of the pass alone (no state kept between calls).

/** @type {import('pepita-ode').LearningRule} */
export default {
  id: 'pepita-clean-last-layer',
  label: 'PEPITA (clean last layer)',
  reference: 'Algorithm 1 with W2 by the delta rule',
  summary: 'PEPITA on the first layer; W2^k −= (η₂/D) e g(λ^k)',
  needsFeedbackWeights: false, // reads pass.feedbackWeights (config "feedbackWeights", K numbers)?
  usesFeedbackVector: true, // the update involves F (x_err or f)?
  cleanUpdateFirst: false, // apply the clean half before the modulated pass (Algorithm 2)?
  // clean pass: write a (K) and the clean part of c (K); pass.lamMod is not valid yet
  clean(pass, a, c) {
    for (let k = 0; k < pass.K; k++) {
      a[k] = 0;
      c[k] = pass.e * pass.h[k];
    }
  },
  // modulated pass: write b (K), add the modulated part of c; pass.lamMod = λ − f e is the field of x_err
  modulated(pass, b, c) {
    const g = pass.g.g;
    for (let k = 0; k < pass.K; k++) b[k] = pass.h[k] - g(pass.lamMod[k]);
  },
};
