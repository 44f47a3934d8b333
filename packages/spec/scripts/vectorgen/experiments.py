"""09-experiments.json: when a result carries inExperiment: true."""

from .builders import (case, clause, document, error, evaluation_file, fallthrough, fixed, flag,
                       off, prerequisite_failed, rolled, rollout, rule, rule_match, target_match,
                       variations)
from .reference import find_value

HALVES = [50000, 50000, 0]
ARMS = variations(("control", "control"), ("treatment", "treatment"), ("holdout", "holdout"))
RUNNING = {"key": "checkout-test", "running": True}


def experiment_flag(key: str, experiment: dict | None, **fields) -> dict:
    if experiment is not None:
        fields["experiment"] = experiment
    fields.setdefault("fallthrough", rollout(HALVES))
    return flag(
        key, variations=ARMS, off=2,
        targets=[{"variation": 0, "values": ["qa"]}],
        rules=[
            rule("internal-fixed", [clause("plan", "in", ["internal"])], fixed(1)),
            rule("pro-all-treatment", [clause("plan", "in", ["pro"])], rollout([0, 100000, 0])),
            rule("org-split", [clause("plan", "in", ["team"])], rollout(HALVES, "orgId")),
        ],
        **fields,
    )


RUNNING_FLAG = experiment_flag("exp-running", RUNNING)
STOPPED = experiment_flag("exp-stopped", {"key": "checkout-test", "running": False})
NO_EXPERIMENT = experiment_flag("exp-none", None)
DISABLED = experiment_flag("exp-disabled", RUNNING, enabled=False)
FIXED_FALLTHROUGH = experiment_flag("exp-fixed-fallthrough", RUNNING, fallthrough=fixed(1))
WITH_PREREQUISITE = experiment_flag("exp-with-prerequisite", RUNNING,
                                    prerequisites=[{"flag": "gate", "variation": "on"}])
GATE = flag("gate", rules=[rule("open", [clause("open", "in", [True])], fixed(1))])

FLAGS = [RUNNING_FLAG, STOPPED, NO_EXPERIMENT, DISABLED, FIXED_FALLTHROUGH, WITH_PREREQUISITE,
         GATE]


def experiments_file() -> dict:
    control = find_value("exp-running", "visitor-", lambda p: p < 50000)
    treatment = find_value("exp-running", "visitor-", lambda p: p >= 50000)
    assert rolled(RUNNING_FLAG, HALVES, control) == 0
    assert rolled(RUNNING_FLAG, HALVES, treatment) == 1
    org = "org-7"
    org_arm = rolled(RUNNING_FLAG, HALVES, org)
    stopped_arm = rolled(STOPPED, HALVES, control)
    none_arm = rolled(NO_EXPERIMENT, HALVES, control)
    prerequisite_arm = rolled(WITH_PREREQUISITE, HALVES, control)
    cases = [
        case(f"running: fallthrough rollout puts {control} in control, in the experiment",
             "exp-running", {"key": control}, fallthrough(RUNNING_FLAG, 0, in_experiment=True)),
        case(f"running: fallthrough rollout puts {treatment} in treatment, in the experiment",
             "exp-running", {"key": treatment},
             fallthrough(RUNNING_FLAG, 1, in_experiment=True)),
        case("running: a target is never in the experiment", "exp-running", {"key": "qa"},
             target_match(RUNNING_FLAG, 0)),
        case("running: a rule serving a fixed variation is not in the experiment", "exp-running",
             {"key": control, "plan": "internal"}, rule_match(RUNNING_FLAG, 1, "internal-fixed")),
        case("running: a rule's rollout, even at 100 %, is in the experiment", "exp-running",
             {"key": control, "plan": "pro"},
             rule_match(RUNNING_FLAG, 1, "pro-all-treatment", in_experiment=True)),
        case(f"running: a rule's rollout by orgId {org}", "exp-running",
             {"key": control, "plan": "team", "orgId": org},
             rule_match(RUNNING_FLAG, org_arm, "org-split", in_experiment=True)),
        case("running: a rule's rollout without its orgId serves offVariation, not in the "
             "experiment", "exp-running", {"key": control, "plan": "team"},
             rule_match(RUNNING_FLAG, 2, "org-split")),
        case("running: no key to bucket by serves offVariation, not in the experiment",
             "exp-running", {"plan": "free"}, fallthrough(RUNNING_FLAG, 2)),
        case("running: a default of the same type keeps inExperiment", "exp-running",
             {"key": treatment}, fallthrough(RUNNING_FLAG, 1, in_experiment=True),
             default="control"),
        case("running: WRONG_TYPE serves the default, not in the experiment", "exp-running",
             {"key": treatment}, error(False, "WRONG_TYPE"), default=False),
        case("stopped (running false): a rollout is not in the experiment", "exp-stopped",
             {"key": control}, fallthrough(STOPPED, stopped_arm)),
        case("stopped: a rule's rollout is not in the experiment", "exp-stopped",
             {"key": control, "plan": "pro"}, rule_match(STOPPED, 1, "pro-all-treatment")),
        case("no experiment field: a rollout is not in the experiment", "exp-none",
             {"key": control}, fallthrough(NO_EXPERIMENT, none_arm)),
        case("running but the flag is off: OFF, not in the experiment", "exp-disabled",
             {"key": control}, off(DISABLED)),
        case("running with a fixed fallthrough: not in the experiment",
             "exp-fixed-fallthrough", {"key": control}, fallthrough(FIXED_FALLTHROUGH, 1)),
        case("running, prerequisite unmet: PREREQUISITE_FAILED, not in the experiment",
             "exp-with-prerequisite", {"key": control},
             prerequisite_failed(WITH_PREREQUISITE, "gate")),
        case("running, prerequisite met: the rollout is in the experiment",
             "exp-with-prerequisite", {"key": control, "open": True},
             fallthrough(WITH_PREREQUISITE, prerequisite_arm, in_experiment=True)),
    ]
    return evaluation_file(
        "inExperiment is true only when the served variation came from an applied rollout (rule "
        "or fallthrough) of a flag whose experiment is running; it is absent otherwise.",
        document(FLAGS), cases)
