using UnityVideo.Core.Training;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Training;

/// <summary>Maps the validated <c>Training</c> section onto Core's plain <see cref="TrainerOptions"/>.</summary>
public static class TrainerOptionsMapping
{
    /// <summary>The trainer options <paramref name="o"/> describes.</summary>
    public static TrainerOptions ToTrainerOptions(this TrainingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new TrainerOptions
        {
            Steps = o.Steps,
            BatchSize = o.BatchSize,
            GradientAccumulation = o.GradientAccumulation,
            LearningRate = o.LearningRate,
            WeightDecay = o.WeightDecay,
            WarmupSteps = o.WarmupSteps,
            GradClip = o.GradClip,
            EmaDecay = o.EmaDecay,
            PromptDropout = o.PromptDropout,
            Seed = o.Seed,
            CheckpointEvery = o.CheckpointEvery,
            KeepCheckpoints = o.KeepCheckpoints,
            TaskProbabilities = new Core.Diffusion.TaskProbabilities(o.TaskProbabilities.ConditionalGeneration, o.TaskProbabilities.Estimation, o.TaskProbabilities.JointGeneration),
            ModalityWeights = new Dictionary<string, double>(o.ModalityWeights, StringComparer.OrdinalIgnoreCase),
            ModalitiesPerStep = o.ModalitiesPerStep,
            Stages = o.Stages.Select(s => new TrainingStageOptions { Name = s.Name, Steps = s.Steps, Fraction = s.Fraction, Modalities = [.. s.Modalities] }).ToList(),
            TimestepMean = o.TimestepMean,
            TimestepStd = o.TimestepStd,
            TimestepShift = o.TimestepShift,
            EstimationFullNoise = o.EstimationFullNoise,
            ForegroundBalance = o.ForegroundBalance,
            InitFrom = string.IsNullOrWhiteSpace(o.InitFrom) ? null : o.InitFrom,
            Freeze = [.. o.Freeze],
        };
    }
}
