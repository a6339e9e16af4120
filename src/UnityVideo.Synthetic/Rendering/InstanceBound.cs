using System.Numerics;

namespace UnityVideo.Synthetic.Rendering;

/// <summary>One actor's primitives in a posed frame, and a sphere enclosing all of them (for culling).</summary>
/// <param name="First">Index of its first primitive.</param>
/// <param name="Count">Number of primitives.</param>
/// <param name="Centre">Bounding-sphere centre.</param>
/// <param name="Radius">Bounding-sphere radius.</param>
internal readonly record struct InstanceBound(int First, int Count, Vector3 Centre, float Radius);
