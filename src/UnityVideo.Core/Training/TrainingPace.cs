namespace UnityVideo.Core.Training;

/// <summary>
/// The pace of a run, as <see cref="TrainingRunRequest.Replan"/> sees it every <see cref="Trainer.ReplanEvery"/> steps.
/// </summary>
/// <param name="Step">Completed steps.</param>
/// <param name="PlannedSteps">Steps the run is planned for now.</param>
/// <param name="Elapsed">Time since this call started stepping.</param>
/// <param name="RecentSecondsPerStep">Median seconds a step over the last <see cref="Trainer.PaceSteps"/> steps (the first
/// step of the call left out): what the remaining steps will cost if the machine stays as it is now. The median, because
/// the steps that fill the data cache or save a checkpoint are few and slow, while a machine that slows down slows
/// every step.</param>
public sealed record TrainingPace(int Step, int PlannedSteps, TimeSpan Elapsed, double RecentSecondsPerStep);
