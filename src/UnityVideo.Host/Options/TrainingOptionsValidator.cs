using FluentValidation;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="TrainingOptions"/>, including task probabilities and the curriculum.</summary>
public sealed class TrainingOptionsValidator : AbstractValidator<TrainingOptions>
{
    /// <summary>Rules.</summary>
    public TrainingOptionsValidator()
    {
        RuleFor(o => o.Steps).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.BatchSize).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.GradientAccumulation).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.LearningRate).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.WeightDecay).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(o => o.WarmupSteps).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(o => o.GradClip).GreaterThanOrEqualTo(0).WithMessage("must be 0 (off) or more");
        RuleFor(o => o.EmaDecay).InclusiveBetween(0, 0.999999).WithMessage("must be in [0, 1): 0 disables EMA");
        RuleFor(o => o.PromptDropout).InclusiveBetween(0, 1).WithMessage("must be a probability in [0, 1]");
        RuleFor(o => o.CheckpointEvery).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.ModalitiesPerStep).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.KeepCheckpoints).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.TimestepStd).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.TimestepShift).GreaterThan(0).WithMessage("must be greater than 0");
        RuleFor(o => o.EstimationFullNoise).InclusiveBetween(0, 1).WithMessage("must be in [0, 1]");
        RuleFor(o => o.ForegroundBalance).InclusiveBetween(0, 1).WithMessage("must be in [0, 1]");
        RuleForEach(o => o.Freeze).NotEmpty().WithMessage("entries must be 'trunk', 'loaded' or a parameter name prefix");
        RuleFor(o => o.Freeze).Must((o, f) => !f.Contains("loaded") || !string.IsNullOrWhiteSpace(o.InitFrom))
            .WithMessage("'loaded' freezes the initial weights, so it needs Training:InitFrom (train --init-from)");

        RuleFor(o => o.TaskProbabilities.ConditionalGeneration).InclusiveBetween(0, 1).WithMessage("must be a probability in [0, 1]");
        RuleFor(o => o.TaskProbabilities.Estimation).InclusiveBetween(0, 1).WithMessage("must be a probability in [0, 1]");
        RuleFor(o => o.TaskProbabilities.JointGeneration).InclusiveBetween(0, 1).WithMessage("must be a probability in [0, 1]");
        RuleFor(o => o.TaskProbabilities)
            .Must(p => Math.Abs(p.ConditionalGeneration + p.Estimation + p.JointGeneration - 1) < 1e-6)
            .WithMessage(o => $"must sum to 1 (ConditionalGeneration + Estimation + JointGeneration = {o.TaskProbabilities.ConditionalGeneration + o.TaskProbabilities.Estimation + o.TaskProbabilities.JointGeneration:0.###})");

        RuleForEach(o => o.ModalityWeights).Must(p => p.Value >= 0).WithMessage("weights must be 0 or more");

        RuleFor(o => o.Stages).NotEmpty().WithMessage("needs at least one curriculum stage");
        RuleForEach(o => o.Stages).ChildRules(s =>
        {
            s.RuleFor(x => x.Name).NotEmpty().WithMessage("must be given");
            s.RuleFor(x => x.Modalities).NotEmpty().WithMessage("must list modality names or 'pixel-aligned' / 'all'");
            s.RuleFor(x => x.Steps).GreaterThan(0).When(x => x.Steps.HasValue).WithMessage("must be greater than 0");
            s.RuleFor(x => x.Fraction).InclusiveBetween(0, 1).When(x => x.Fraction.HasValue).WithMessage("must be in [0, 1] (0 skips the stage)");
            s.RuleFor(x => x).Must(x => !(x.Steps.HasValue && x.Fraction.HasValue)).WithName("Steps").WithMessage("give Steps or Fraction, not both");
        });
        RuleFor(o => o.Stages).Custom((stages, ctx) =>
        {
            for (var i = 0; i < stages.Count - 1; i++)
            {
                if (!stages[i].Steps.HasValue && !stages[i].Fraction.HasValue)
                    ctx.AddFailure($"Stages[{i}].Steps", "every stage but the last needs Steps or Fraction");
            }
            var fractions = stages.Sum(s => s.Fraction ?? 0);
            if (fractions > 1 + 1e-9) ctx.AddFailure("Stages", $"stage fractions add up to {fractions:0.###}, more than 1");
        });
    }
}
