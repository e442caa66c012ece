/**
 * Reason of the unavailable `secretScanningAlerts` fact when GitHub answers 404: secret scanning
 * is disabled, or not available for this repository. The secrets check reads it as "off".
 */
export const SECRET_SCANNING_OFF = "GitHub secret scanning is off or not available for this repository";
