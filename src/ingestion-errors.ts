/**
 * Hints of what to fix on the Windows image, for each `ErrorDetails` code that BYOL
 * ingestion reports. Codes are from the `WorkspaceImageErrorDetailCode` enum
 * of the WorkSpaces API model and the AWS SDK; hints follow the WorkSpaces
 * Administration Guide (BYOL requirements and the BYOL Checker) and, where
 * AWS documents nothing, the code's name.
 */

const HINTS: Readonly<Record<string, string>> = {
  OutdatedPowershellVersion: 'Update PowerShell: BYOL images need PowerShell 4.0 or later.',
  OfficeInstalled: 'Uninstall Microsoft Office from the image; subscribe to Office through the applications input instead.',
  PCoIPAgentInstalled: 'Uninstall the PCoIP agent: the image must contain nothing beyond Windows.',
  WindowsUpdatesEnabled: 'Disable the Windows Update service before Sysprep (the BYOL Checker does this).',
  WindowsUpdatesRequired: 'Install the latest Windows updates, reboot, and run the BYOL Checker again.',
  PendingReboot: 'Reboot the VM to finish pending updates, then run Sysprep again.',
  AutoMountDisabled: 'Enable automount of new volumes (diskpart: automount enable).',
  WorkspacesBYOLAccountNotFound: 'Create the local administrator account WorkSpaces_BYOL on the image.',
  WorkspacesBYOLAccountDisabled: 'Enable the local administrator account WorkSpaces_BYOL on the image.',
  DHCPDisabled: 'Configure every network adapter to use DHCP, not a static address.',
  InvalidIp: 'Configure every network adapter to use DHCP, not a static address.',
  DiskFreeSpace: 'Free disk space: at least 10 GB, or 20 GB when subscribing to Office.',
  InsufficientDiskSpace: 'Free disk space: at least 10 GB, or 20 GB when subscribing to Office.',
  DiskSizeExceeded: 'Shrink the system volume: BYOL images take a single volume of at most 70 GB.',
  AdditionalDrivesAttached: 'Detach every volume but the system volume before creating the AMI.',
  AdditionalDrivesPresent: 'Remove extra drives: only the C: drive (and D: for user data) may exist.',
  MultipleBootPartition: 'Use a disk layout with a single boot partition.',
  IncompatiblePartitioning: 'Use a supported disk partition layout (a single system volume).',
  OSNotSupported: 'Use a supported 64-bit Windows 10 or Windows 11 edition and version.',
  Requires64BitOS: 'Use a 64-bit edition of Windows.',
  InPlaceUpgrade: 'Build the image from a fresh install: in-place feature upgrades of Windows are not supported.',
  UnsupportedOsUpgrade: 'Build the image from a fresh install: in-place feature upgrades of Windows are not supported.',
  DomainJoined: 'Remove the VM from the Active Directory domain before Sysprep.',
  AzureDomainJoined: 'Remove the VM from Microsoft Entra ID (Azure AD) before Sysprep.',
  DomainAccountServicesFound: 'Run every service under a local account, not a domain account.',
  FirewallEnabled: 'Turn off Windows Firewall for all profiles.',
  AntiVirusInstalled: 'Uninstall third-party antivirus; add it later in a custom image.',
  VMWareToolsInstalled: 'Uninstall VMware Tools.',
  AutoLogonEnabled: 'Disable AutoLogon.',
  RealTimeUniversalDisabled: 'Set the RealTimeIsUniversal registry value to 1 so the clock uses UTC.',
  ZeroRearmCount: 'The Windows rearm count is exhausted: rebuild the VM from fresh installation media.',
  InsufficientRearmCount: 'The Windows rearm count is too low for Sysprep: rebuild the VM from fresh installation media.',
  UEFINotSupported: 'Check the boot mode of the VM against the boot modes WorkSpaces supports for this Windows version.',
  AppXPackagesInstalled: 'Remove per-user AppX packages (Remove-AppxPackage) so Sysprep can generalize the image.',
  StagedAppxPackage: 'Remove staged AppX packages (Remove-AppxProvisionedPackage) so Sysprep can generalize the image.',
  ReservedStorageInUse: 'Disable Windows reserved storage (DISM /Online /Set-ReservedStorageState /State:Disabled).',
  SysPrepFileMissing: 'Make sure the Sysprep answer file exists and is not empty.',
  UserProfileMissing: 'Keep exactly one local user profile on the image.',
  MultipleUserProfiles: 'Remove extra user profiles: exactly one is expected.',
  EnvironmentVariablesPathMissingEntries: 'Restore PATH so that it contains System32 and the Windows PowerShell folder.',
  RemoteDesktopServicesDisabled: 'Enable the Remote Desktop Services service.',
  WindowsModulesInstallerDisabled: 'Enable the Windows Modules Installer service.',
  AmazonSsmAgentEnabled: 'Disable the Amazon SSM Agent service before creating the AMI.',
  UnsupportedSecurityProtocol: 'Enable TLS 1.2 (and SSL 3.0 where the BYOL Checker asks for it).',
  MemoryIntegrityIncompatibility: 'Turn off Memory Integrity (hypervisor-protected code integrity) in Windows Security.',
  ProtocolOSIncompatibility: 'Choose an ingestion process whose protocol supports this Windows version (Windows 11 needs _WSP or _BYOP).',
  RestrictedDriveLetterInUse: 'Free the drive letters WorkSpaces reserves (D: for user data) on the image.',
  UnknownError: 'AWS gave no cause: run the BYOL Checker on the VM, fix what it reports, and import again.',
};

/** Returns the hint for an error-detail code, or undefined for a code this action does not know yet. */
export function ingestionErrorHint(code: string | undefined): string | undefined {
  // An own-property check, so that codes such as "constructor" do not find Object's methods.
  return code !== undefined && Object.hasOwn(HINTS, code) ? HINTS[code] : undefined;
}

/** Every error-detail code this action has a hint for. */
export const KNOWN_INGESTION_ERROR_CODES: readonly string[] = Object.keys(HINTS);
