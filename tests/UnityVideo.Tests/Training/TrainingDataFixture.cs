namespace UnityVideo.Tests.Training;

/// <summary>One small synthetic dataset shared by a test class (rendering it is the slow part).</summary>
public sealed class TrainingDataFixture : IDisposable
{
    private readonly TempDir dir = new();

    public TrainingDataFixture() => Data = TrainingTestKit.Dataset(dir.File("data"));

    public string Data { get; }

    public void Dispose() => dir.Dispose();
}
