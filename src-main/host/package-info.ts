// Name and version come from package.json at build time (named imports keep the rest out of the bundle).
import { productName, version } from '../../package.json';

export const PACKAGE_VERSION: string = version;
export const PACKAGE_NAME: string = productName;
