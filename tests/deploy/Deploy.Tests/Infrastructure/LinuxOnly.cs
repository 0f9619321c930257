// Containers with host networking, file modes for a non-root user in the image: these checks run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
