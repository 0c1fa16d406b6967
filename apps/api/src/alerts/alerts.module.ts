import { Module } from '@nestjs/common';
import { AlertResolver } from './alert.resolver';
import { AlertService } from './alert.service';

@Module({ providers: [AlertService, AlertResolver] })
export class AlertsModule {}
